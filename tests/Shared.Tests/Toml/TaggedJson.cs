using System.Globalization;
using System.Text.Json.Nodes;
using Tomlyn;
using Tomlyn.Model;

namespace PluginHost.Shared.Tests.Toml;

/// <summary>Converts Tomlyn values to the toml-test tagged JSON form ({"type":..,"value":..}).</summary>
internal static class TaggedJson
{
    public static JsonNode From(object value) => value switch
    {
        TomlTable table => new JsonObject(table.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)From(kv.Value)))),
        TomlArray array => new JsonArray(array.Select(v => (JsonNode?)From(v!)).ToArray()),
        TomlTableArray tables => new JsonArray(tables.Select(v => (JsonNode?)From(v)).ToArray()),
        string s => Tag("string", s),
        long l => Tag("integer", l.ToString(CultureInfo.InvariantCulture)),
        double d => Tag("float", FormatFloat(d)),
        bool b => Tag("bool", b ? "true" : "false"),
        TomlDateTime dt => Tag(DateTag(dt.Kind), dt.ToString()),
        _ => throw new InvalidOperationException($"unexpected value type {value.GetType()}"),
    };

    private static string DateTag(TomlDateTimeKind kind) => kind switch
    {
        TomlDateTimeKind.LocalDateTime => "datetime-local",
        TomlDateTimeKind.LocalDate => "date-local",
        TomlDateTimeKind.LocalTime => "time-local",
        _ => "datetime",
    };

    private static JsonObject Tag(string type, string value) => new() { ["type"] = type, ["value"] = value };

    private static string FormatFloat(double d) =>
        double.IsNaN(d) ? "nan" : double.IsPositiveInfinity(d) ? "inf" : double.IsNegativeInfinity(d) ? "-inf" : d.ToString("R", CultureInfo.InvariantCulture);
}
