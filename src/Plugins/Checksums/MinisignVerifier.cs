using System.Text;
using PluginHost.Plugins.Checksums.Crypto;

namespace PluginHost.Plugins.Checksums;

/// <summary>Verifies a file against a minisign signature and public key (legacy <c>Ed</c> and prehashed <c>ED</c>).</summary>
public static class MinisignVerifier
{
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

        bool valid;
        await using (var file = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
        {
            if (signature.Prehashed)
            {
                byte[] digest = await Blake2bOfStreamAsync(file, cancellationToken).ConfigureAwait(false);
                valid = Ed25519.Verify(signature.Signature, key.Key, digest);
            }
            else
            {
                valid = Ed25519.Verify(signature.Signature, key.Key, file);
            }
        }

        if (!valid)
        {
            throw new ChecksumException($"Minisign signature '{signaturePath}' does not match file '{filePath}' (key id {key.KeyIdText}).");
        }

        byte[] comment = Encoding.UTF8.GetBytes(signature.TrustedComment);
        byte[] globalMessage = [.. signature.Signature, .. comment];
        if (!Ed25519.Verify(signature.GlobalSignature, key.Key, globalMessage))
        {
            throw new ChecksumException($"Minisign signature '{signaturePath}': the trusted comment '{signature.TrustedComment}' fails its global signature (comment tampered with).");
        }
    }

    private static async Task<byte[]> Blake2bOfStreamAsync(Stream stream, CancellationToken cancellationToken)
    {
        var hash = new Blake2b(64);
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.Update(buffer.AsSpan(0, read));
        }

        return hash.Finish();
    }
}
