namespace PluginHost.Nodes.Foreground;

/// <summary>Small text helpers of the console output: counted nouns and multi-line messages kept in their column.</summary>
public static class Lines
{
    /// <summary>"1 item", "2 items".</summary>
    public static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    /// <summary>The text with every line after the first indented by <paramref name="width"/> spaces (and no CR), so a
    /// multi-line message stays under its first line instead of breaking the output's columns.</summary>
    public static string Indent(string text, int width)
    {
        if (!text.Contains('\n', StringComparison.Ordinal)) return text;
        var pad = new string(' ', width);
        return string.Join("\n" + pad, text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n'));
    }
}
