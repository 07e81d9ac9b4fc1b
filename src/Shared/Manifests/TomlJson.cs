using System.Globalization;
using System.Text;
using System.Text.Json;
using Tomlyn;
using Tomlyn.Model;

namespace PluginHost.Shared.Manifests;

/// <summary>Writes a Tomlyn table as JSON: tables become objects, arrays arrays, dates and times their TOML text.</summary>
public static class TomlJson
{
    /// <summary>The table as compact JSON text.</summary>
    public static string Write(TomlTable table)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            WriteValue(writer, table);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case TomlTable table:
                writer.WriteStartObject();
                foreach (var (key, item) in table)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item);
                }
                writer.WriteEndObject();
                break;
            case TomlArray array:
                writer.WriteStartArray();
                foreach (var item in array) WriteValue(writer, item!);
                writer.WriteEndArray();
                break;
            case TomlTableArray tables:
                writer.WriteStartArray();
                foreach (var item in tables) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            case string text: writer.WriteStringValue(text); break;
            case bool flag: writer.WriteBooleanValue(flag); break;
            case long number: writer.WriteNumberValue(number); break;
            case double number when double.IsFinite(number): writer.WriteNumberValue(number); break;
            case TomlDateTime moment: writer.WriteStringValue(moment.ToString()); break;
            case IFormattable other: writer.WriteStringValue(other.ToString(null, CultureInfo.InvariantCulture)); break;
            default: writer.WriteStringValue(value.ToString()); break;
        }
    }
}
