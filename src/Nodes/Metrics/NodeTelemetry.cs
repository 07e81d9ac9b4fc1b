using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Prometheus;

namespace PluginHost.Nodes.Metrics;

/// <summary>Wires the node's telemetry into its web host: OpenTelemetry traces exported over OTLP when
/// OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set, off otherwise; GET /metrics.</summary>
public static class NodeTelemetry
{
    /// <summary>Whether the environment configures an OTLP endpoint for traces.</summary>
    public static bool TracingConfigured =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"))
        || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));

    /// <summary>Adds OTLP tracing of the "PluginHost" spans when configured; the exporter reads the other OTEL_* variables
    /// (protocol, headers, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) itself. Returns whether tracing is on.</summary>
    public static bool AddTracing(WebApplicationBuilder builder, string nodeId)
    {
        if (!TracingConfigured) return false;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("pluginhost", serviceInstanceId: nodeId))
            .WithTracing(t => t.AddSource(PluginHostTracing.SourceName).AddOtlpExporter());
        return true;
    }

    /// <summary>Serves <paramref name="metrics"/> at GET /metrics in the Prometheus text format.</summary>
    public static void MapMetrics(WebApplication app, NodeMetrics metrics) => app.MapMetrics("/metrics", metrics.Registry);
}
