using System.Text.Json;
using System.Text.Json.Serialization;

namespace PluginHost.Shared.Runs;

/// <summary>The JSON form of run specs and run events (System.Text.Json, "type" discriminator on events).</summary>
public static class RunJson
{
    /// <summary>The serializer options every node uses for run contracts.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serializes an event, discriminator first.</summary>
    public static string Serialize(RunEvent runEvent) => JsonSerializer.Serialize(runEvent, Options);

    /// <summary>Serializes a run spec.</summary>
    public static string Serialize(RunSpec spec) => JsonSerializer.Serialize(spec, Options);

    /// <summary>Reads an event; throws <see cref="JsonException"/> naming the problem when the JSON is not a known event.</summary>
    public static RunEvent DeserializeEvent(string json) => Deserialize<RunEvent>(json, "run event");

    /// <summary>Reads a run spec; throws <see cref="JsonException"/> naming the problem when the JSON is not a run spec.</summary>
    public static RunSpec DeserializeSpec(string json) => Deserialize<RunSpec>(json, "run spec");

    private static T Deserialize<T>(string json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new JsonException($"invalid {what} JSON: expected an object, got null");
        }
        catch (JsonException e) when (!e.Message.StartsWith("invalid ", StringComparison.Ordinal))
        {
            throw new JsonException($"invalid {what} JSON: {RunJsonMessages.Plain(e.Message)}", e.Path, e.LineNumber, e.BytePositionInLine, e);
        }
        catch (ArgumentException e)
        {
            throw new JsonException($"invalid {what} JSON: {RunJsonMessages.Plain(e.Message)}", e);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
