using System.Text.Json;
using System.Text.Json.Serialization;

namespace PluginHost.Plugins.Proto.Api;

/// <summary>The JSON conventions of proto's plugin API: snake_case names, nulls left out, unknown fields ignored on input.</summary>
public static class ProtoJson
{
    /// <summary>Serializer options for every proto API shape.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        Converters = { new VirtualPathConverter() },
    };

    /// <summary>Serializes a value to UTF-8 JSON.</summary>
    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>Deserializes UTF-8 JSON; throws <see cref="JsonException"/> (with the shape named) when malformed or a required field is missing.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new JsonException($"expected a {typeof(T).Name} object, got null");
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } p ? $" at {p}" : "";
            throw new JsonException($"invalid {typeof(T).Name} JSON{where}: {Trim(e.Message)}", e);
        }
    }

    private static string Trim(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
