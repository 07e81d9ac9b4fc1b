using NSec.Cryptography;

namespace PluginHost.Plugins.Icp.Identities;

/// <summary>An Ed25519 key (NSec): signatures are plain Ed25519 over the message.</summary>
public sealed class Ed25519Identity : IcpIdentity, IDisposable
{
    private readonly Key _key;

    /// <summary>The identity of a 32-byte Ed25519 seed.</summary>
    public Ed25519Identity(ReadOnlySpan<byte> seed)
    {
        _key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None });
        PublicKeyDer = _key.PublicKey.Export(KeyBlobFormat.PkixPublicKey);
        Principal = Icp.Principal.SelfAuthenticating(PublicKeyDer);
    }

    /// <inheritdoc />
    public override byte[] Principal { get; }

    /// <inheritdoc />
    public override byte[] PublicKeyDer { get; }

    /// <inheritdoc />
    public override byte[] Sign(ReadOnlySpan<byte> message) => SignatureAlgorithm.Ed25519.Sign(_key, message);

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
