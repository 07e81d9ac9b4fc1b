namespace PluginHost.EndToEnd.Tests.FirstHour;

/// <summary>Assertions on what a user sees when a command refuses its input: one line, no crash.</summary>
internal static class CleanOutput
{
    /// <summary>Asserts <paramref name="stderr"/> is exactly <paramref name="line"/>, and neither stream shows a stack trace,
    /// an unhandled exception, a fatal log line or a .NET type name.</summary>
    public static void IsOneLine(string line, string stdout, string stderr)
    {
        Assert.Equal(line, Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r'));
        HasNoCrash(stdout + stderr);
    }

    /// <summary>Asserts the text shows no stack trace, unhandled exception, fatal log line or .NET type name.</summary>
    public static void HasNoCrash(string text)
    {
        foreach (var marker in new[] { "Unhandled exception", "[FTL]", "   at ", "System.", "PluginHost.", "Exception" })
            Assert.DoesNotContain(marker, text);
    }
}
