namespace PluginHost.Plugins.Icp.Identities;

/// <summary>Who signs requests: a principal, its DER public key (none for anonymous) and a signature over bytes.</summary>
public abstract class IcpIdentity
{
    /// <summary>The raw principal bytes (self-authenticating, or 0x04 for anonymous).</summary>
    public abstract byte[] Principal { get; }

    /// <summary>The DER-encoded public key sent as <c>sender_pubkey</c>; null for the anonymous identity.</summary>
    public abstract byte[]? PublicKeyDer { get; }

    /// <summary>Signs <paramref name="message"/> as the IC expects for this key type.</summary>
    public abstract byte[] Sign(ReadOnlySpan<byte> message);

    /// <summary>The principal as text.</summary>
    public string PrincipalText => Icp.Principal.ToText(Principal);
}

/// <summary>The anonymous identity: principal 0x04, unsigned requests.</summary>
public sealed class AnonymousIdentity : IcpIdentity
{
    /// <summary>The one instance.</summary>
    public static readonly AnonymousIdentity Instance = new();

    /// <inheritdoc />
    public override byte[] Principal => [0x04];

    /// <inheritdoc />
    public override byte[]? PublicKeyDer => null;

    /// <inheritdoc />
    public override byte[] Sign(ReadOnlySpan<byte> message) => throw new InvalidOperationException("the anonymous identity does not sign");
}
