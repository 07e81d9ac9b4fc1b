using System.Text.RegularExpressions;

namespace PluginHost.Nodes.Commands;

/// <summary>Rewrites System.CommandLine's parse errors so no .NET type name reaches the user.</summary>
public static partial class ParseErrorText
{
    /// <summary>The message with "as expected type 'System.X'" replaced by what the option expects, in words.</summary>
    public static string Describe(string message)
    {
        var match = CannotParse().Match(message);
        if (!match.Success) return message;
        return $"{match.Groups["name"].Value}: expected {Words(match.Groups["type"].Value)}, got '{match.Groups["value"].Value}'";
    }

    private static string Words(string typeName)
    {
        var inner = NullableOf().Match(typeName) is { Success: true } nullable ? nullable.Groups[1].Value : typeName;
        return inner switch
        {
            "System.Int32" or "System.Int64" or "System.UInt32" or "System.UInt64" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            "System.TimeSpan" => "a duration such as 00:00:30",
            "System.Uri" => "a URL",
            _ => "a value of another form",
        };
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|argument) '(?<name>[^']*)' as expected type '(?<type>[^']*)'\.?$")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^System\.Nullable`1\[(.+)\]$")]
    private static partial Regex NullableOf();
}
