using System.Text.Json;
using PluginHost.Actors.Runners;
using PluginHost.Plugins.Proto.Host;
using PluginHost.Plugins.Proto.Install;
using PluginHost.Shared.Manifests;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Installs;

/// <summary>The "proto-install" step: installs one tool with its proto plugin (the step's Plugin, a local .wasm path)
/// through <see cref="ToolInstaller"/>; phase and downloaded bytes go out as "progress" output, plugin logs as "log".
/// A repeated step (resume) reuses verified downloads and relinks installed versions.</summary>
public sealed class ProtoInstallStepExecutor : IStepExecutor
{
    /// <summary>The step kind.</summary>
    public const string StepKind = "proto-install";

    /// <summary>How the node sets the allowed hosts (named in the error of a refused host).</summary>
    public const string AllowedHostsNodeSetting = "the node's --allow-host option or $PLUGINHOST_PROTO_ALLOWED_HOSTS";

    /// <summary>Least bytes between two journaled download progress reports.</summary>
    public const long ProgressStepBytes = 256 * 1024;

    private readonly ModuleCache _modules;
    private readonly HttpClient _http;

    /// <summary>Creates the executor over the node's module cache and HTTP client.</summary>
    public ProtoInstallStepExecutor(ModuleCache modules, HttpClient http)
    {
        _modules = modules;
        _http = http;
    }

    /// <inheritdoc />
    public string Kind => StepKind;

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context)
    {
        ProtoInstallStepInput input;
        try { input = ProtoInstallStepInput.Parse(context.Step.Input.Text); }
        catch (FormatException e) { return StepResult.Failure($"step '{context.Step.Name}': {e.Message}"); }

        ProtoToolsFile file;
        try { file = await ProtoToolsFile.LoadAsync(input.ProtoTools, context.CancellationToken); }
        catch (Exception e) when (e is ProtoToolsException or IOException) { return StepResult.Failure(e.Message); }

        Wasmtime.Module module;
        try { module = await _modules.GetFromFileAsync(context.Step.Plugin, context.CancellationToken); }
        catch (FileNotFoundException e) { return StepResult.Failure(e.Message); }
        catch (Wasmtime.WasmtimeException e)
        {
            return StepResult.Failure($"plugin of {input.Tool} ('{context.Step.Plugin}') is not a valid module: {PluginHost.Plugins.Hosting.PluginFailure.Reason(e)}");
        }

        var request = new ToolInstallRequest
        {
            ToolId = input.Tool,
            Module = module,
            Engine = _modules.Engine,
            Version = input.Version,
            WorkingDirectory = input.WorkingDirectory.Length == 0 ? null : input.WorkingDirectory,
            Directories = new ToolDirectories(input.DataDir, input.Workspace.Length == 0 ? Path.GetDirectoryName(input.ProtoTools)! : input.Workspace),
            ToolConfigJson = file.ToolConfigs.GetValueOrDefault(input.Tool),
            Options = new ProtoHostOptions
            {
                AllowedHosts = input.AllowedHosts ?? file.Settings.AllowedHosts ?? ProtoHostOptions.DefaultAllowedHosts,
                AllowedHostsSetting = input.AllowedHosts is not null ? AllowedHostsNodeSetting : $"[settings] allowed-hosts in {input.ProtoTools}",
                AllowedCommands = input.AllowedCommands,
                Settings = file.Settings,
                FileRoot = Path.GetDirectoryName(Path.GetFullPath(input.ProtoTools)),
            },
        };
        var installer = new ToolInstaller(_http) { Log = (_, level, message) => context.Output("log", Payload.OfText($"{level}: {message}")) };
        var reporter = new ProgressReporter(context);
        try
        {
            var result = await installer.InstallAsync(request, reporter, context.CancellationToken);
            return StepResult.Success(Payload.OfText(JsonSerializer.Serialize(new ProtoInstallStepResult
            {
                Tool = result.ToolId,
                Version = result.Version,
                InstallDir = result.InstallDir,
                Bins = result.LinkedBins,
                ReusedDownload = result.ReusedDownload,
                AlreadyInstalled = result.AlreadyInstalled,
                DownloadedBytes = reporter.Downloaded,
                DetectedFrom = result.DetectedFrom,
            })));
        }
        catch (ToolInstallException e)
        {
            return StepResult.Failure(e.Message);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            return StepResult.Failure($"install of {input.Tool} interrupted: the node is shutting down");
        }
    }

    /// <summary>Turns installer progress into "progress" output: every phase change, downloads every <see cref="ProgressStepBytes"/>.</summary>
    private sealed class ProgressReporter(StepContext context) : IProgress<ToolInstallProgress>
    {
        private ToolInstallPhase? _phase;
        private long _lastBytes;

        public long Downloaded { get; private set; }

        public void Report(ToolInstallProgress value)
        {
            if (value.Phase == ToolInstallPhase.Downloading) Downloaded = Math.Max(Downloaded, value.DownloadedBytes);
            var changed = value.Phase != _phase;
            var done = value.TotalBytes is { } total && value.DownloadedBytes == total;
            if (!changed && !(value.DownloadedBytes - _lastBytes >= ProgressStepBytes || (done && value.DownloadedBytes != _lastBytes))) return;
            _phase = value.Phase;
            _lastBytes = value.DownloadedBytes;
            context.Output("progress", Payload.OfText(JsonSerializer.Serialize(new ProtoInstallProgress(value.Phase.ToString(), value.DownloadedBytes, value.TotalBytes))));
        }
    }
}
