using System.Text.Json;
using PluginHost.Plugins.Extism;
using PluginHost.Plugins.Proto.Api;
using PluginHost.Plugins.Proto.Host;

namespace PluginHost.Plugins.Proto.Install;

/// <summary>A proto tool plugin: typed JSON calls to its exports, each failure naming the tool and the function.</summary>
public sealed class ProtoToolPlugin : IDisposable
{
    private readonly ExtismPlugin _plugin;
    private readonly TimeSpan? _callTimeout;

    /// <summary>Wraps an instantiated plugin for a tool id; each call is interrupted after callTimeout.</summary>
    public ProtoToolPlugin(string toolId, ExtismPlugin plugin, TimeSpan? callTimeout, VirtualPathMap? paths = null)
    {
        ToolId = toolId;
        _plugin = plugin;
        _callTimeout = callTimeout;
        Paths = paths ?? new VirtualPathMap([]);
    }

    /// <summary>The virtual paths the plugin sees.</summary>
    public VirtualPathMap Paths { get; }

    /// <summary>The tool id.</summary>
    public string ToolId { get; }

    /// <summary>The underlying plugin.</summary>
    public ExtismPlugin Plugin => _plugin;

    /// <summary>Whether the plugin exports a function.</summary>
    public bool Exports(string function) => _plugin.FunctionExists(function);

    /// <summary>Calls a function with JSON input and parses its JSON output.</summary>
    public async Task<TOut> CallAsync<TIn, TOut>(string function, TIn input, CancellationToken cancellationToken)
    {
        var output = await CallRawAsync(function, ProtoJson.Serialize(input), cancellationToken).ConfigureAwait(false);
        if (output.Length == 0) throw new ToolInstallException(ToolId, function, $"returned no output (expected {typeof(TOut).Name} JSON)");
        try
        {
            return ProtoJson.Deserialize<TOut>(output);
        }
        catch (JsonException e)
        {
            throw new ToolInstallException(ToolId, function, $"returned malformed output: {e.Message}", e);
        }
    }

    /// <summary>Calls a function that returns nothing (unpack_archive, hooks).</summary>
    public Task CallVoidAsync<TIn>(string function, TIn input, CancellationToken cancellationToken) =>
        CallRawAsync(function, ProtoJson.Serialize(input), cancellationToken);

    /// <summary>Calls a function with raw input; a trap, an error, a timeout or a missing export throw <see cref="ToolInstallException"/>.</summary>
    public async Task<byte[]> CallRawAsync(string function, byte[] input, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_plugin.FunctionExists(function))
            throw new ToolInstallException(ToolId, function, $"the plugin does not export '{function}'");
        try
        {
            return await Task.Run(() => _plugin.Call(function, input, _callTimeout, cancellationToken), CancellationToken.None).ConfigureAwait(false);
        }
        catch (ExtismCallException e)
        {
            var interrupted = ExtismPlugin.WasInterrupted(e);
            if (interrupted && cancellationToken.IsCancellationRequested) throw new OperationCanceledException($"{ToolId}: {function}: cancelled", e, cancellationToken);
            var reason = interrupted ? $"did not finish within {_callTimeout?.TotalSeconds:0.###} s (interrupted)" : e.PluginMessage;
            throw new ToolInstallException(ToolId, function, reason, e);
        }
    }

    /// <summary>Disposes the plugin.</summary>
    public void Dispose() => _plugin.Dispose();
}
