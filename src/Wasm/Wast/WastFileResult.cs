namespace PluginHost.Wasm.Wast;

/// <summary>The outcome of running one .wast file.</summary>
/// <param name="Path">The .wast file.</param>
/// <param name="Passed">Commands that behaved as expected.</param>
/// <param name="Failed">Commands that did not (a file that could not be converted counts as one).</param>
/// <param name="Skipped">Commands not run (text-format modules with no binary form).</param>
/// <param name="Failures">Details of each failed command, in file order.</param>
/// <param name="ConversionError">Why wast2json could not convert the file, or null.</param>
public sealed record WastFileResult(string Path, int Passed, int Failed, int Skipped, IReadOnlyList<WastFailure> Failures,
    string? ConversionError = null)
{
    /// <summary>True when no command failed.</summary>
    public bool Success => Failed == 0;

    /// <summary>The failures as text, one per line, at most <paramref name="max"/> of them.</summary>
    public string DescribeFailures(int max = int.MaxValue)
    {
        var lines = Failures.Take(max).Select(f => f.ToString()).ToList();
        if (Failures.Count > max) lines.Add($"... and {Failures.Count - max} more failures");
        return string.Join("\n", lines);
    }
}
