using System.Text;
using NSec.Cryptography;

namespace PluginHost.Plugins.Checksums;

/// <summary>
/// Verifies a file against a minisign signature and public key (legacy <c>Ed</c> and prehashed <c>ED</c>): the format
/// is parsed here, Ed25519 and BLAKE2b-512 come from NSec (libsodium).
/// </summary>
public static class MinisignVerifier
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;

    /// <summary>Verifies <paramref name="filePath"/> with the signature file and key; throws <see cref="ChecksumException"/> when it does not verify.</summary>
    public static async Task VerifyAsync(string filePath, string signaturePath, string publicKey, CancellationToken cancellationToken = default)
    {
        MinisignPublicKey key = MinisignPublicKey.Parse(publicKey);
        string text = await File.ReadAllTextAsync(signaturePath, cancellationToken).ConfigureAwait(false);
        MinisignSignature signature = MinisignSignature.Parse(text, signaturePath);

        if (!signature.KeyId.AsSpan().SequenceEqual(key.KeyId))
        {
            throw new ChecksumException(
                $"Minisign signature '{signaturePath}' was made by key id {MinisignSignature.FormatKeyId(signature.KeyId)}, but the public key has id {key.KeyIdText}.");
        }

        if (!PublicKey.TryImport(Ed25519, key.Key, KeyBlobFormat.RawPublicKey, out PublicKey? ed25519Key) || ed25519Key is null)
        {
            throw new ChecksumException($"Minisign public key {key.KeyIdText} is not a valid Ed25519 point.");
        }

        // Prehashed (ED) signs the BLAKE2b-512 of the file, streamed; legacy (Ed) signs the whole file, so it is read whole.
        byte[] message = signature.Prehashed
            ? await Blake2b512Async(filePath, cancellationToken).ConfigureAwait(false)
            : await File.ReadAllBytesAsync(filePath, cancellationToken).ConfigureAwait(false);
        if (!Ed25519.Verify(ed25519Key, message, signature.Signature))
        {
            throw new ChecksumException($"Minisign signature '{signaturePath}' does not match file '{filePath}' (key id {key.KeyIdText}).");
        }

        byte[] globalMessage = [.. signature.Signature, .. Encoding.UTF8.GetBytes(signature.TrustedComment)];
        if (!Ed25519.Verify(ed25519Key, globalMessage, signature.GlobalSignature))
        {
            throw new ChecksumException($"Minisign signature '{signaturePath}': the trusted comment '{signature.TrustedComment}' fails its global signature (comment tampered with).");
        }
    }

    private static async Task<byte[]> Blake2b512Async(string filePath, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        IncrementalHash.Initialize(HashAlgorithm.Blake2b_512, out IncrementalHash state);
        var buffer = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            IncrementalHash.Update(ref state, buffer.AsSpan(0, read));
        }

        return IncrementalHash.Finalize(ref state);
    }
}
