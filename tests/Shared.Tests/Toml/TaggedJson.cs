using System.Globalization;
using System.Text.Json.Nodes;
using PluginHost.Shared.Toml;

namespace PluginHost.Shared.Tests.Toml;

/// <summary>Converts parsed TOML values to the toml-test tagged JSON form ({"type":..,"value":..}).</summary>
internal static class TaggedJson
{
    public static JsonNode From(object value) => value switch
    {
        TomlTable table => new JsonObject(table.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)From(kv.Value)))),
        TomlArray array => new JsonArray(array.Select(v => (JsonNode?)From(v)).ToArray()),
        string s => Tag("string", s),
        long l => Tag("integer", l.ToString(CultureInfo.InvariantCulture)),
        double d => Tag("float", FormatFloat(d)),
        bool b => Tag("bool", b ? "true" : "false"),
        TomlOffsetDateTime dt => Tag("datetime", dt.ToString()),
        TomlLocalDateTime dt => Tag("datetime-local", dt.ToString()),
        TomlLocalDate d => Tag("date-local", d.ToString()),
        TomlLocalTime t => Tag("time-local", t.ToString()),
        _ => throw new InvalidOperationException($"unexpected value type {value.GetType()}"),
    };

    private static JsonObject Tag(string type, string value) => new() { ["type"] = type, ["value"] = value };

    private static string FormatFloat(double d) =>
        double.IsNaN(d) ? "nan" : double.IsPositiveInfinity(d) ? "inf" : double.IsNegativeInfinity(d) ? "-inf" : d.ToString("R", CultureInfo.InvariantCulture);
}
