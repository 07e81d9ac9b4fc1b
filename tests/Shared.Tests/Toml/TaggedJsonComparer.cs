using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PluginHost.Shared.Tests.Toml;

/// <summary>Compares actual and expected tagged JSON by value: numbers numerically, nan/inf by name, date-times by fields.</summary>
internal static partial class TaggedJsonComparer
{
    /// <summary>Returns null when equal, else a description of the first difference with its path.</summary>
    public static string? Difference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        if (expected is JsonObject eo && IsTag(eo))
        {
            if (actual is not JsonObject ao || !IsTag(ao)) return $"{path}: expected {eo.ToJsonString()}, got {Show(actual)}";
            var type = (string)eo["type"]!;
            if ((string)ao["type"]! != type) return $"{path}: expected type {type}, got {ao.ToJsonString()}";
            var ev = (string)eo["value"]!;
            var av = (string)ao["value"]!;
            return SameScalar(type, ev, av) ? null : $"{path}: expected {type} '{ev}', got '{av}'";
        }
        if (expected is JsonObject obj)
        {
            if (actual is not JsonObject act || IsTag(act)) return $"{path}: expected a table, got {Show(actual)}";
            var expectedKeys = obj.Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
            var actualKeys = act.Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
            if (!expectedKeys.SequenceEqual(actualKeys))
                return $"{path}: expected keys [{string.Join(", ", expectedKeys)}], got [{string.Join(", ", actualKeys)}]";
            foreach (var (key, value) in obj)
            {
                var diff = Difference(value, act[key], $"{path}.{key}");
                if (diff != null) return diff;
            }
            return null;
        }
        if (expected is JsonArray arr)
        {
            if (actual is not JsonArray aa) return $"{path}: expected an array, got {Show(actual)}";
            if (arr.Count != aa.Count) return $"{path}: expected {arr.Count} items, got {aa.Count}";
            for (var i = 0; i < arr.Count; i++)
            {
                var diff = Difference(arr[i], aa[i], $"{path}[{i}]");
                if (diff != null) return diff;
            }
            return null;
        }
        return $"{path}: unexpected expectation {Show(expected)}";
    }

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "nothing";

    private static bool IsTag(JsonObject o) =>
        o.Count == 2 && o["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String
        && o["value"] is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    private static bool SameScalar(string type, string expected, string actual) => type switch
    {
        "integer" => long.Parse(expected, CultureInfo.InvariantCulture) == long.Parse(actual, CultureInfo.InvariantCulture),
        "float" => SameFloat(expected, actual),
        "datetime" or "datetime-local" or "date-local" or "time-local" => NormaliseDateTime(expected) == NormaliseDateTime(actual),
        _ => expected == actual,
    };

    private static bool SameFloat(string expected, string actual)
    {
        var e = ParseFloat(expected);
        var a = ParseFloat(actual);
        if (double.IsNaN(e)) return double.IsNaN(a);
        return e == a && double.IsNegative(e) == double.IsNegative(a);
    }

    private static double ParseFloat(string s) => s switch
    {
        "nan" or "+nan" or "-nan" => double.NaN,
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>Canonical form: upper-case T and Z, fraction padded to 9 digits, +00:00 written as Z.</summary>
    private static string NormaliseDateTime(string s)
    {
        var m = DateTimePattern().Match(s);
        if (!m.Success) throw new FormatException($"not an RFC 3339 value: '{s}'");
        var date = m.Groups["date"].Success ? m.Groups["date"].Value : "";
        var time = m.Groups["time"].Success ? m.Groups["time"].Value + "." + m.Groups["frac"].Value.PadRight(9, '0') : "";
        var offset = m.Groups["off"].Value.ToUpperInvariant();
        if (offset is "+00:00" or "-00:00") offset = "Z";
        return $"{date}|{time}|{offset}";
    }

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})?(?:[Tt ]?(?<time>\d{2}:\d{2}:\d{2})(?:\.(?<frac>\d+))?(?<off>[Zz]|[+-]\d{2}:\d{2})?)?$")]
    private static partial Regex DateTimePattern();
}
