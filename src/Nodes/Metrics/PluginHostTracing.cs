using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace PluginHost.Nodes.Metrics;

/// <summary>The node's OpenTelemetry spans (System.Diagnostics.ActivitySource "PluginHost"): item -> step, with canister
/// calls as span events; every item of a run, on any node, joins one trace whose id is derived from the run id.</summary>
public static class PluginHostTracing
{
    /// <summary>The activity source name to subscribe to.</summary>
    public const string SourceName = "PluginHost";

    /// <summary>The source the spans are started from.</summary>
    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>The (never exported) parent of a run's item spans: trace id from the run id, so every node agrees on it.</summary>
    public static ActivityContext RunContext(string runId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(runId));
        return new ActivityContext(ActivityTraceId.CreateFromBytes(hash.AsSpan(0, 16)), ActivitySpanId.CreateFromBytes(hash.AsSpan(16, 8)),
            ActivityTraceFlags.Recorded, isRemote: true);
    }
}
