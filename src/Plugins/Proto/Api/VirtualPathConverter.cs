using System.Text.Json;
using System.Text.Json.Serialization;

namespace PluginHost.Plugins.Proto.Api;

/// <summary>Reads a virtual path as a string or as {path, virtual_prefix|v, real_prefix|r}; writes the object form when virtual.</summary>
public sealed class VirtualPathConverter : JsonConverter<VirtualPath>
{
    /// <inheritdoc />
    public override VirtualPath Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return new VirtualPath(reader.GetString()!);
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"expected a path string or a {{\"path\", \"virtual_prefix\", \"real_prefix\"}} object, got {reader.TokenType}");
        string? path = null, virtualPrefix = null, realPrefix = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
            switch (name)
            {
                case "path": path = value; break;
                case "virtual_prefix" or "v": virtualPrefix = value; break;
                case "real_prefix" or "r": realPrefix = value; break;
            }
        }
        return new VirtualPath(path ?? throw new JsonException("virtual path object has no \"path\""), virtualPrefix, realPrefix);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, VirtualPath value, JsonSerializerOptions options)
    {
        if (!value.IsVirtual)
        {
            writer.WriteStringValue(value.Path);
            return;
        }
        writer.WriteStartObject();
        writer.WriteString("path", value.Path);
        writer.WriteString("virtual_prefix", value.VirtualPrefix);
        writer.WriteString("real_prefix", value.RealPrefix);
        writer.WriteEndObject();
    }
}
