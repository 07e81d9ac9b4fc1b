namespace PluginHost.EndToEnd.Tests.Launcher;

/// <summary>The `wasm run` contract on the published Native AOT launcher, which runs `wasm run` itself.</summary>
public sealed class LauncherWasmRunTests : WasmRunCliContract
{
    /// <inheritdoc />
    protected override async Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args) =>
        await PublishedLauncher.RunToEnd(await PublishedLauncher.PathAsync(), args);
}
