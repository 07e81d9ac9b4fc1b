using System.Collections.Concurrent;
using System.Text.Json;
using PluginHost.Plugins.Proto.Host;
using PluginHost.Plugins.Proto.Install;
using PluginHost.Plugins.Tests.TestSupport;
using PluginHost.Shared.Manifests;
using PluginHost.Tests.Common;
using Wasmtime;

namespace PluginHost.Plugins.Tests.Proto;

/// <summary>One install environment: a fixture server, a temp data dir and workspace, the installer and its logs.</summary>
internal sealed class ProtoTestBed : IDisposable
{
    private static readonly ConcurrentDictionary<string, Lazy<Module>> Modules = new();

    public ProtoTestBed()
    {
        Server = new LoopbackHttpServer(Path.Combine(Fixtures.RepoRoot, "tests", "fixtures", "proto", "out"));
        Directories = new ToolDirectories(Temp.Combine("data"), Temp.Combine("workspace"));
        Installer = new ToolInstaller(Http) { Log = (tool, level, message) => Logs.Enqueue($"{tool} {level} {message}") };
    }

    public TempDir Temp { get; } = new();
    public LoopbackHttpServer Server { get; }
    public HttpClient Http { get; } = new();
    public ToolDirectories Directories { get; }
    public ToolInstaller Installer { get; }
    public ConcurrentQueue<string> Logs { get; } = [];
    public List<ToolInstallProgress> Progress { get; } = [];

    public static Module Plugin(string name) =>
        Modules.GetOrAdd(name, n => new Lazy<Module>(() => TestModules.FromFile(Path.Combine(Fixtures.RepoRoot, "tests", "fixtures", "proto", n + ".wasm")))).Value;

    public static string PublicKey => File.ReadAllLines(Path.Combine(Fixtures.RepoRoot, "tests", "fixtures", "proto", "out", "demo.pub"))[1];

    /// <summary>A request for the demo tool with config merged over base_url.</summary>
    public ToolInstallRequest Request(string? version, object? config = null, string plugin = "tool", ProtoHostOptions? options = null)
    {
        var values = new Dictionary<string, object?> { ["base_url"] = Server.BaseUrl };
        if (config is not null)
            foreach (var p in config.GetType().GetProperties()) values[p.Name] = p.GetValue(config);
        return new ToolInstallRequest
        {
            ToolId = "demo",
            Module = Plugin(plugin),
            Version = version,
            Directories = Directories,
            ToolConfigJson = JsonSerializer.Serialize(values),
            Options = options ?? new ProtoHostOptions { AllowedHosts = ["127.0.0.1"], Settings = FastSettings },
            CallTimeout = TimeSpan.FromSeconds(20),
            RetryDelay = TimeSpan.FromMilliseconds(10),
        };
    }

    public static ProtoSettings FastSettings { get; } = ProtoSettings.Default with { Http = ProtoHttpSettings.Default with { Retries = 2 } };

    public Task<ToolInstallResult> InstallAsync(ToolInstallRequest request, CancellationToken cancellationToken = default) =>
        Installer.InstallAsync(request, new SyncProgress(Progress), cancellationToken);

    public void Dispose()
    {
        Server.Dispose();
        Http.Dispose();
        Temp.Dispose();
    }

    /// <summary>Records progress synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(List<ToolInstallProgress> sink) : IProgress<ToolInstallProgress>
    {
        public void Report(ToolInstallProgress value)
        {
            lock (sink) sink.Add(value);
        }
    }
}
