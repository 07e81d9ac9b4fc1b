using System.Security.Cryptography;

namespace PluginHost.Plugins.Checksums;

/// <summary>Verifies a downloaded file against a checksum file (SHA-256/512) or a minisign signature.</summary>
public static class ChecksumVerifier
{
    /// <summary>
    /// Verifies <paramref name="filePath"/> against <paramref name="checksumPath"/>: a <c>.minisig</c>/<c>.minisign</c>
    /// file is checked with <paramref name="publicKey"/>, anything else is read as a SHA-256/512 checksum file.
    /// </summary>
    public static Task VerifyAsync(string filePath, string checksumPath, string? publicKey, CancellationToken cancellationToken = default)
    {
        string extension = Path.GetExtension(checksumPath);
        if (extension is ".minisig" or ".minisign")
        {
            if (string.IsNullOrWhiteSpace(publicKey))
            {
                throw new ChecksumException($"Minisign signature '{checksumPath}' needs a public key to verify '{filePath}', but none was given.");
            }

            return MinisignVerifier.VerifyAsync(filePath, checksumPath, publicKey, cancellationToken);
        }

        return VerifyChecksumFileAsync(filePath, checksumPath, cancellationToken);
    }

    /// <summary>Verifies <paramref name="filePath"/> against the hash listed for its file name in <paramref name="checksumPath"/>.</summary>
    public static async Task VerifyChecksumFileAsync(string filePath, string checksumPath, CancellationToken cancellationToken = default)
    {
        string contents = await File.ReadAllTextAsync(checksumPath, cancellationToken).ConfigureAwait(false);
        ExpectedChecksum expected = ChecksumFileParser.FindExpected(checksumPath, contents, Path.GetFileName(filePath));
        await VerifyHashAsync(filePath, expected, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Verifies <paramref name="filePath"/> against a hex hash (64 digits = SHA-256, 128 = SHA-512).</summary>
    public static Task VerifyHashAsync(string filePath, string expectedHex, CancellationToken cancellationToken = default) =>
        VerifyHashAsync(filePath, ExpectedChecksum.FromHex(expectedHex, $"Expected hash for '{filePath}'"), cancellationToken);

    /// <summary>Verifies <paramref name="filePath"/> against an expected checksum; throws <see cref="ChecksumMismatchException"/> on mismatch.</summary>
    public static async Task VerifyHashAsync(string filePath, ExpectedChecksum expected, CancellationToken cancellationToken = default)
    {
        string actual = await ComputeHexAsync(filePath, expected.Algorithm, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(actual, expected.Hex, StringComparison.OrdinalIgnoreCase))
        {
            throw new ChecksumMismatchException(filePath, expected.Algorithm, expected.Hex, actual);
        }
    }

    /// <summary>Computes the lowercase hex hash of a file.</summary>
    public static async Task<string> ComputeHexAsync(string filePath, ChecksumAlgorithm algorithm, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        byte[] hash = algorithm switch
        {
            ChecksumAlgorithm.Sha256 => await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false),
            ChecksumAlgorithm.Sha512 => await SHA512.HashDataAsync(stream, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown checksum algorithm."),
        };
        return Convert.ToHexStringLower(hash);
    }
}
