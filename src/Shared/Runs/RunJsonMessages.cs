using System.Text.RegularExpressions;

namespace PluginHost.Shared.Runs;

/// <summary>Rewrites System.Text.Json's messages in the words of the run spec, without .NET type names.</summary>
internal static partial class RunJsonMessages
{
    /// <summary>The message with every .NET type name replaced by the name of the JSON shape it stands for.</summary>
    public static string Plain(string message)
    {
        var text = MissingRequired().Replace(message, m => $"{Shape(m.Groups["type"].Value)} is missing required fields: {m.Groups["fields"].Value}");
        text = CouldNotConvert().Replace(text, m => $"a value in {Shape(m.Groups["type"].Value)} has the wrong type.");
        return TypeName().Replace(text, m => Shape(m.Value));
    }

    private static string Shape(string typeName) => typeName.Split('.', '`')[^1].TrimEnd(']') switch
    {
        "RunSpec" => "a run spec (an object with runId, kind and items)",
        "WorkItemSpec" => "an item (an object with itemId, name and steps)",
        "StepSpec" => "a step (an object with name and plugin)",
        "StepLimits" => "limits (an object with computeTime, maxMemoryBytes, maxStreamBytes)",
        "Payload" => "a payload (an object with text or bytes)",
        "String" => "a string",
        "Int32" or "Int64" => "a whole number",
        "Double" => "a number",
        "Boolean" => "true or false",
        "TimeSpan" => "a duration such as \"00:00:30\"",
        var name when name.StartsWith("IReadOnlyList", StringComparison.Ordinal) || name.StartsWith("List", StringComparison.Ordinal) => "an array",
        var name => name,
    };

    [GeneratedRegex(@"JSON deserialization for type '(?<type>[^']+)' was missing required properties including: (?<fields>.+?)\.?$")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"The JSON value could not be converted to (?<type>\S+?)\.(?= Path|$)")]
    private static partial Regex CouldNotConvert();

    [GeneratedRegex(@"(?:PluginHost\.[\w.]+|System\.[\w.`\[\]]+)")]
    private static partial Regex TypeName();
}
