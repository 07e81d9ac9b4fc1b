using System.Text.RegularExpressions;

namespace PluginHost.Plugins.Checksums;

/// <summary>
/// Finds the expected hash of one file in a checksum file. Accepted formats: a bare hex hash;
/// sha256sum/sha512sum lines (<c>HASH  name</c>, <c>HASH *name</c>, many files as in SHASUMS256.txt);
/// BSD tags (<c>SHA256 (name) = HASH</c>); PowerShell Get-FileHash output, as a list
/// (<c>Algorithm : SHA256</c> / <c>Hash : ...</c> / <c>Path : ...</c>) or as a table row.
/// </summary>
public static partial class ChecksumFileParser
{
    /// <summary>Parses <paramref name="contents"/> (read from <paramref name="checksumFile"/>) and returns the hash for <paramref name="fileName"/>.</summary>
    public static ExpectedChecksum FindExpected(string checksumFile, string contents, string fileName)
    {
        List<Candidate> candidates = ReadCandidates(contents);
        if (candidates.Count == 0)
        {
            throw new ChecksumException($"Checksum file '{checksumFile}' contains no hash (expected a hex hash, 'HASH  file' lines, 'SHA256 (file) = HASH' or Get-FileHash output).");
        }

        Candidate? chosen = candidates.FirstOrDefault(c => c.Name is not null && LastSegment(c.Name) == fileName);
        if (chosen is null && candidates.Count == 1 && candidates[0].Name is null)
        {
            chosen = candidates[0];
        }

        if (chosen is null)
        {
            string listed = string.Join(", ", candidates.Select(c => c.Name ?? "(unnamed)").Take(10));
            throw new ChecksumException($"Checksum file '{checksumFile}' has no entry for '{fileName}' (it lists: {listed}).");
        }

        string source = $"Checksum file '{checksumFile}', entry for '{fileName}'";
        ExpectedChecksum expected = ExpectedChecksum.FromHex(chosen.Hex, source);
        if (chosen.Tag is { } tag && tag != expected.Algorithm)
        {
            throw new ChecksumException($"{source}: labelled {tag} but the hash has {chosen.Hex.Length} hex digits.");
        }

        return expected;
    }

    private static List<Candidate> ReadCandidates(string contents)
    {
        var candidates = new List<Candidate>();
        string? psAlgorithm = null;
        string? psHash = null;
        foreach (string rawLine in contents.Split('\n'))
        {
            string line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("---", StringComparison.Ordinal))
            {
                continue;
            }

            Match match;
            if ((match = PowerShellListLine().Match(line)).Success)
            {
                string key = match.Groups[1].Value;
                string value = match.Groups[2].Value.Trim();
                if (key.Equals("Algorithm", StringComparison.OrdinalIgnoreCase))
                {
                    psAlgorithm = value;
                }
                else if (key.Equals("Hash", StringComparison.OrdinalIgnoreCase))
                {
                    psHash = value;
                    candidates.Add(new Candidate(value, null, ParseTag(psAlgorithm)));
                }
                else if (key.Equals("Path", StringComparison.OrdinalIgnoreCase) && psHash is not null)
                {
                    candidates[^1] = candidates[^1] with { Name = value };
                    psHash = null;
                }
            }
            else if ((match = BsdLine().Match(line)).Success)
            {
                candidates.Add(new Candidate(match.Groups[3].Value, match.Groups[2].Value, ParseTag(match.Groups[1].Value)));
            }
            else if ((match = PowerShellTableRow().Match(line)).Success)
            {
                candidates.Add(new Candidate(match.Groups[2].Value, match.Groups[3].Value.Trim(), ParseTag(match.Groups[1].Value)));
            }
            else if ((match = SumLine().Match(line)).Success)
            {
                string? name = match.Groups[2].Success ? match.Groups[2].Value : null;
                candidates.Add(new Candidate(match.Groups[1].Value, name, null));
            }
        }

        return candidates;
    }

    private static ChecksumAlgorithm? ParseTag(string? tag) => tag?.Replace("-", string.Empty).ToUpperInvariant() switch
    {
        "SHA256" or "SHA2256" => ChecksumAlgorithm.Sha256,
        "SHA512" or "SHA2512" => ChecksumAlgorithm.Sha512,
        _ => null,
    };

    private static string LastSegment(string path)
    {
        int slash = path.LastIndexOfAny(['/', '\\']);
        return slash < 0 ? path : path[(slash + 1)..];
    }

    [GeneratedRegex(@"^(Algorithm|Hash|Path)\s*:\s*(.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex PowerShellListLine();

    [GeneratedRegex(@"^(SHA-?256|SHA-?512|SHA2-256|SHA2-512)\s*\((.+)\)\s*=\s*([0-9A-Fa-f]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex BsdLine();

    [GeneratedRegex(@"^(SHA256|SHA512)\s+([0-9A-Fa-f]{64,128})\s+(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex PowerShellTableRow();

    [GeneratedRegex(@"^([0-9A-Fa-f]+)(?:\s+\*?(.+))?$")]
    private static partial Regex SumLine();

    private sealed record Candidate(string Hex, string? Name, ChecksumAlgorithm? Tag);
}
