using System.Formats.Cbor;

namespace PluginHost.Plugins.Icp.Agent;

/// <summary>Decodes a replica's CBOR reply into text-keyed maps of byte[], string, ulong, lists and maps.</summary>
internal static class CborMap
{
    /// <summary>The top-level map of <paramref name="cbor"/> (self-describe tag skipped); throws <see cref="IcpAgentException"/>.</summary>
    public static Dictionary<string, object?> Read(byte[] cbor, string what)
    {
        try
        {
            var r = new CborReader(cbor, CborConformanceMode.Lax);
            return ReadValue(r) as Dictionary<string, object?> ?? throw new IcpAgentException($"{what} is not a CBOR map");
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException)
        {
            throw new IcpAgentException($"{what} is not valid CBOR: {e.Message}");
        }
    }

    private static object? ReadValue(CborReader r)
    {
        switch (r.PeekState())
        {
            case CborReaderState.Tag: r.ReadTag(); return ReadValue(r);
            case CborReaderState.UnsignedInteger: return r.ReadUInt64();
            case CborReaderState.NegativeInteger: return r.ReadInt64();
            case CborReaderState.ByteString: return r.ReadByteString();
            case CborReaderState.TextString: return r.ReadTextString();
            case CborReaderState.StartArray:
                r.ReadStartArray();
                var list = new List<object?>();
                while (r.PeekState() != CborReaderState.EndArray) list.Add(ReadValue(r));
                r.ReadEndArray();
                return list;
            case CborReaderState.StartMap:
                r.ReadStartMap();
                var map = new Dictionary<string, object?>();
                while (r.PeekState() != CborReaderState.EndMap)
                {
                    var key = r.PeekState() == CborReaderState.TextString ? r.ReadTextString() : ReadValue(r)?.ToString() ?? "";
                    map[key] = ReadValue(r);
                }
                r.ReadEndMap();
                return map;
            default: r.SkipValue(); return null;
        }
    }
}

/// <summary>A call that failed before the canister answered (transport, protocol, verification): one line.</summary>
public sealed class IcpAgentException(string message) : Exception(message);
