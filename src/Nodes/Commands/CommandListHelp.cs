using System.CommandLine;
using System.Text;

namespace PluginHost.Nodes.Commands;

/// <summary>Fixes the "Commands:" list of System.CommandLine's help, which shows every argument as `&lt;ARG&gt;` even when
/// it is optional: optional ones become `[&lt;ARG&gt;]` (`[&lt;ARG&gt;...]` when repeatable), as in the usage line.</summary>
public static class CommandListHelp
{
    /// <summary>The help text with the command list of <paramref name="command"/>'s subcommands rewritten and realigned.</summary>
    public static string MarkOptionalArguments(string help, Command command)
    {
        var lines = help.Replace("\r\n", "\n").Split('\n');
        var start = Array.IndexOf(lines, "Commands:");
        if (start < 0) return help;
        var rows = new List<(string Label, List<string> Text)>();
        var end = start + 1;
        for (; end < lines.Length && lines[end].StartsWith("  ", StringComparison.Ordinal); end++)
        {
            var line = lines[end];
            if (line.Length > 2 && line[2] != ' ')
            {
                var gap = line.IndexOf("  ", 2, StringComparison.Ordinal);
                var label = gap < 0 ? line[2..] : line[2..gap];
                rows.Add((Relabel(label, command), [gap < 0 ? "" : line[gap..].TrimStart()]));
            }
            else if (rows.Count > 0) rows[^1].Text.Add(line.Trim());
        }
        if (rows.Count == 0) return help;
        var width = rows.Max(r => r.Label.Length) + 2;
        var text = new StringBuilder();
        foreach (var line in lines[..(start + 1)]) text.Append(line).Append('\n');
        foreach (var (label, parts) in rows)
        {
            text.Append("  ").Append(label.PadRight(width)).Append(parts[0]).Append('\n');
            foreach (var more in parts.Skip(1)) text.Append(' ', 2 + width).Append(more).Append('\n');
        }
        text.AppendJoin('\n', lines[end..]);
        return text.ToString().Replace("\n", Environment.NewLine);
    }

    private static string Relabel(string label, Command parent)
    {
        var name = label.Split(' ')[0];
        if (parent.Subcommands.FirstOrDefault(c => c.Name == name) is not { } sub) return label;
        var parts = new List<string> { name };
        foreach (var argument in sub.Arguments.Where(a => !a.Hidden))
        {
            var shown = $"<{argument.HelpName ?? argument.Name}>";
            parts.Add(argument.Arity.MinimumNumberOfValues > 0 ? shown
                : argument.Arity.MaximumNumberOfValues > 1 ? $"[{shown}...]" : $"[{shown}]");
        }
        return string.Join(' ', parts);
    }
}
