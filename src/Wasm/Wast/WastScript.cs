using System.Text.Json;
using System.Text.Json.Serialization;

namespace PluginHost.Wasm.Wast;

/// <summary>The JSON script wast2json writes: the source file name and its commands in order.</summary>
internal sealed record WastScript(
    [property: JsonPropertyName("source_filename")] string? SourceFilename,
    [property: JsonPropertyName("commands")] List<WastCommand> Commands)
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = false };

    /// <summary>Reads a wast2json JSON file.</summary>
    public static WastScript Load(string jsonPath)
    {
        using var stream = File.OpenRead(jsonPath);
        return JsonSerializer.Deserialize<WastScript>(stream, Options)
            ?? throw new InvalidDataException($"{jsonPath}: empty wast2json output");
    }
}

/// <summary>One command of a wast script (module, register, action or assertion).</summary>
internal sealed record WastCommand
{
    /// <summary>Command kind, e.g. "module" or "assert_return".</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = "";
    /// <summary>Line in the .wast file.</summary>
    [JsonPropertyName("line")] public int Line { get; init; }
    /// <summary>Module file written by wast2json (.wasm, or .wat for text-only modules).</summary>
    [JsonPropertyName("filename")] public string? Filename { get; init; }
    /// <summary>The module's `$name` (module), or the module to register (register).</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }
    /// <summary>Registration name (register).</summary>
    [JsonPropertyName("as")] public string? As { get; init; }
    /// <summary>Expected error text (assertions).</summary>
    [JsonPropertyName("text")] public string? Text { get; init; }
    /// <summary>"binary" or "text" (module assertions).</summary>
    [JsonPropertyName("module_type")] public string? ModuleType { get; init; }
    /// <summary>The action to perform (action and action assertions).</summary>
    [JsonPropertyName("action")] public WastAction? Action { get; init; }
    /// <summary>Expected results (assert_return).</summary>
    [JsonPropertyName("expected")] public List<WastValue>? Expected { get; init; }
}

/// <summary>An invoke or get action.</summary>
internal sealed record WastAction
{
    /// <summary>"invoke" or "get".</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = "";
    /// <summary>The named module (`$name`), or null for the current one.</summary>
    [JsonPropertyName("module")] public string? Module { get; init; }
    /// <summary>The export's name.</summary>
    [JsonPropertyName("field")] public string Field { get; init; } = "";
    /// <summary>Arguments (invoke).</summary>
    [JsonPropertyName("args")] public List<WastValue>? Args { get; init; }
}

/// <summary>A typed value: numbers as decimal strings of their unsigned bit pattern, refs as "null" or a number.</summary>
internal sealed record WastValue
{
    /// <summary>Value type name, e.g. "i32" or "externref".</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = "";
    /// <summary>The value: a string, or an array of lane strings for v128; absent for "any reference".</summary>
    [JsonPropertyName("value")] public JsonElement? Value { get; init; }
}
