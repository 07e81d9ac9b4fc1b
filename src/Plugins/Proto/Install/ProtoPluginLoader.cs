using System.Text.Json;
using PluginHost.Plugins.Extism;
using PluginHost.Plugins.Proto.Api;
using PluginHost.Plugins.Proto.Host;
using PluginHost.Plugins.Hosting;
using Wasmtime;

namespace PluginHost.Plugins.Proto.Install;

/// <summary>Instantiates a proto tool plugin the way proto does: host functions, virtual paths as preopens, and the config keys PDKs read.</summary>
/// <remarks>
/// Config keys: plugin_id and proto_tool_id (the tool id), host_environment and proto_environment (<see cref="HostEnvironment"/> JSON),
/// virtual_paths (JSON object of virtual prefix to real directory), proto_tool_config (the tool's .prototools config JSON, when given).
/// </remarks>
public static class ProtoPluginLoader
{
    /// <summary>The virtual path map of a node's directories: /proto/tools, /proto/bin, /proto, /temp, /userhome, /cwd, /workspace.</summary>
    public static VirtualPathMap PathsFor(ToolDirectories dirs) => new([
        ("/proto/tools", dirs.ToolsDir), ("/proto/bin", dirs.BinDir), ("/proto", dirs.ProtoDir), ("/temp", dirs.TempDir), ("/userhome", dirs.HomeDir), ("/cwd", dirs.Workspace), ("/workspace", dirs.Workspace),
    ]);

    /// <summary>Creates the node's directories and instantiates the request's plugin; log receives (tool, level or target, message).</summary>
    public static ProtoToolPlugin Load(ToolInstallRequest request, HttpClient http, Action<string, string, string> log, CancellationToken cancellationToken)
    {
        var id = request.ToolId;
        var dirs = request.Directories;
        foreach (var dir in new[] { dirs.ProtoDir, dirs.ToolsDir, dirs.TempDir, dirs.HomeDir, dirs.Workspace, dirs.BinDir, dirs.DownloadsDir })
            Directory.CreateDirectory(dir);
        var paths = PathsFor(dirs);
        var host = new ProtoHostFunctions(request.Options, paths, http, dirs.Workspace)
        {
            Log = (target, message, data) => log(id, target, data is null ? message : $"{message} {data}"),
            CancellationToken = cancellationToken,
        };
        var engine = request.Engine ?? WasmEngine.Shared;
        Module module;
        try
        {
            module = request.Module ?? Module.FromBytes(engine.Engine, id, request.PluginBytes
                ?? throw new ArgumentException("ToolInstallRequest needs a Module or PluginBytes", nameof(request)));
        }
        catch (WasmtimeException e)
        {
            throw new ToolInstallException(id, "load", $"the plugin is not a valid wasm module: {FirstLine(e.Message)}", e);
        }
        var environment = JsonSerializer.Serialize(HostEnvironment.Current(paths.ToVirtual(dirs.HomeDir), paths.ToVirtual(dirs.ProtoDir)), ProtoJson.Options);
        var config = new Dictionary<string, string>
        {
            ["plugin_id"] = id,
            ["proto_tool_id"] = id,
            ["host_environment"] = environment,
            ["proto_environment"] = environment,
            ["virtual_paths"] = JsonSerializer.Serialize(paths.Entries.ToDictionary(e => e.Virtual, e => e.Real)),
        };
        if (request.ToolConfigJson is { } toolConfig) config["proto_tool_config"] = toolConfig;
        var manifest = new ExtismManifest
        {
            Config = config,
            AllowedHosts = request.Options.AllowedHosts,
            AllowedHostsSetting = request.Options.AllowedHostsSetting,
            AllowedPaths = paths.ToAllowedPaths(),
            Timeout = request.CallTimeout,
        };
        try
        {
            var kernelHttp = new HttpClient(new ProtoUrlPolicyHandler(http, new ProtoUrlPolicy(request.Options)), disposeHandler: true) { Timeout = request.Options.Settings.Http.Timeout };
            var extism = new ExtismPlugin(engine, module, manifest, host.All, kernelHttp, name: id);
            extism.Kernel.Log = (level, message) => log(id, level.ToString().ToLowerInvariant(), message);
            return new ProtoToolPlugin(id, extism, request.CallTimeout, paths);
        }
        catch (ExtismCallException e)
        {
            throw new ToolInstallException(id, e.Function, e.PluginMessage, e);
        }
    }

    private static string FirstLine(string s) => s.Split('\n', 2)[0].Trim();
}
