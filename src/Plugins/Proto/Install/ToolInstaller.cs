using PluginHost.Plugins.Proto.Api;
using PluginHost.Plugins.Proto.Host;
using PluginHost.Plugins.Proto.Versions;

namespace PluginHost.Plugins.Proto.Install;

/// <summary>
/// Installs one tool version with its proto plugin into DATA/tools/ID/VERSION: register_tool, the version (requested, else
/// detected from version files through detect_version_files/parse_version_file, else default_version), resolution,
/// pre_install, native_install or download_prebuilt + download (resumable) + verification + unpack, locate_executables,
/// bin links in DATA/bin, post_install, sync_manifest and the tool's manifest.json. Every plugin call is gated on its
/// export; every failure names the tool and the function; a failed install leaves no install directory.
/// </summary>
public sealed class ToolInstaller
{
    /// <summary>File written into an install directory once the install completed; its presence makes a later install of the version a relink.</summary>
    public const string InstalledMarker = ".pluginhost-installed";

    private readonly HttpClient _http;

    /// <summary>Creates an installer that downloads (and serves plugin HTTP) through the node's HTTP client.</summary>
    public ToolInstaller(HttpClient http) => _http = http;

    /// <summary>Receives plugin logs: tool id, level or target, message.</summary>
    public Action<string, string, string> Log { get; set; } = (_, _, _) => { };

    /// <summary>Installs the requested tool version and returns what was installed.</summary>
    public async Task<ToolInstallResult> InstallAsync(ToolInstallRequest request, IProgress<ToolInstallProgress>? progress, CancellationToken cancellationToken)
    {
        var id = request.ToolId;
        var dirs = request.Directories;
        progress?.Report(new ToolInstallProgress(ToolInstallPhase.Registering, Message: $"loading plugin for {id}"));
        using var plugin = ProtoPluginLoader.Load(request, _http, Log, cancellationToken);
        var paths = plugin.Paths;
        var registered = await plugin.CallAsync<RegisterToolInput, RegisterToolOutput>("register_tool", new RegisterToolInput { Id = id }, cancellationToken).ConfigureAwait(false);

        progress?.Report(new ToolInstallProgress(ToolInstallPhase.ResolvingVersion));
        // As proto before a version is resolved: version is the "latest" alias, tool_dir the tool's directory.
        var unresolved = new PluginUnresolvedContext
        {
            TempDir = paths.ToVirtual(Path.Join(dirs.TempDir, id)),
            ToolDir = paths.ToVirtual(Path.Join(dirs.ToolsDir, id)),
            Version = "latest",
            WorkingDir = paths.ToVirtual(dirs.Workspace),
        };
        var (spec, detectedFrom) = await RequirementAsync(plugin, request, unresolved, registered, cancellationToken).ConfigureAwait(false);
        var version = await ResolveVersionAsync(plugin, unresolved, spec, cancellationToken).ConfigureAwait(false);
        var dirVersion = version + (registered.InventoryOptions?.VersionSuffix ?? "");
        var installDir = dirs.ToolDir(registered.InventoryOptions?.OverrideDirName ?? id, dirVersion);
        if (Path.GetRelativePath(dirs.ToolsDir, Path.GetFullPath(installDir)).StartsWith("..", StringComparison.Ordinal) || dirVersion.IndexOfAny(['/', '\\', '\0']) >= 0 || dirVersion is "" or "." or "..")
            throw new ToolInstallException(id, "resolve_version", $"version '{version}' cannot name an install directory");
        var context = new PluginContext
        {
            TempDir = unresolved.TempDir,
            ToolDir = paths.ToVirtual(installDir),
            Version = version,
            WorkingDir = unresolved.WorkingDir,
        };
        Directory.CreateDirectory(Path.Join(dirs.TempDir, id));

        var marker = Path.Join(installDir, InstalledMarker);
        if (!request.Force && File.Exists(marker))
        {
            // Installed before (a resumed run): only locate and relink.
            progress?.Report(new ToolInstallProgress(ToolInstallPhase.Linking, Message: $"{id} {version} is already installed"));
            var (existing, relinked) = await ExecutableLinker.LinkAsync(plugin, context, installDir, dirs.BinDir, cancellationToken).ConfigureAwait(false);
            await UpdateManifestAsync(id, dirs.ManifestPath(id), dirVersion, null, cancellationToken).ConfigureAwait(false);
            progress?.Report(new ToolInstallProgress(ToolInstallPhase.Done, Message: $"{id} {version} already installed"));
            return new ToolInstallResult(id, registered.Name, version, installDir, existing, relinked, ReusedDownload: false, NativeInstall: false, AlreadyInstalled: true, detectedFrom);
        }
        if (Directory.Exists(installDir)) Directory.Delete(installDir, recursive: true);
        Directory.CreateDirectory(installDir);
        var step = "pre_install";
        try
        {
            progress?.Report(new ToolInstallProgress(ToolInstallPhase.Preparing, Message: $"{id} {version}"));
            var hook = new InstallHook { Context = context, Forced = request.Force };
            if (plugin.Exports("pre_install")) await plugin.CallVoidAsync("pre_install", hook, cancellationToken).ConfigureAwait(false);

            var native = false;
            var reused = false;
            step = "native_install";
            if (plugin.Exports("native_install"))
            {
                var output = await plugin.CallAsync<NativeInstallInput, NativeInstallOutput>("native_install",
                    new NativeInstallInput { Context = context, Force = request.Force, InstallDir = context.ToolDir }, cancellationToken).ConfigureAwait(false);
                if (output.Error is { Length: > 0 } error) throw new ToolInstallException(id, "native_install", error);
                native = output.Installed || output.SkipInstall;
            }
            step = "download_prebuilt";
            if (!native)
                reused = await new PrebuiltInstaller(_http, Log).RunAsync(plugin, request, paths, context, installDir, progress, cancellationToken).ConfigureAwait(false);

            step = "locate_executables";
            progress?.Report(new ToolInstallProgress(ToolInstallPhase.Linking));
            var (exes, links) = await ExecutableLinker.LinkAsync(plugin, context, installDir, dirs.BinDir, cancellationToken).ConfigureAwait(false);

            step = "post_install";
            progress?.Report(new ToolInstallProgress(ToolInstallPhase.Finishing));
            if (plugin.Exports("post_install")) await plugin.CallVoidAsync("post_install", hook, cancellationToken).ConfigureAwait(false);

            step = "sync_manifest";
            SyncManifestOutput? sync = null;
            if (plugin.Exports("sync_manifest"))
                sync = await plugin.CallAsync<SyncManifestInput, SyncManifestOutput>("sync_manifest", new SyncManifestInput { Context = context }, cancellationToken).ConfigureAwait(false);
            await UpdateManifestAsync(id, dirs.ManifestPath(id), dirVersion, sync is { SkipSync: false, Versions: { } versions } ? versions : null, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(marker, $"{id} {version}\n", CancellationToken.None).ConfigureAwait(false);
            progress?.Report(new ToolInstallProgress(ToolInstallPhase.Done, Message: $"{id} {version} installed"));
            return new ToolInstallResult(id, registered.Name, version, installDir, exes, links, reused, native, AlreadyInstalled: false, detectedFrom);
        }
        catch (Exception e)
        {
            ExecutableLinker.RemoveLinksInto(dirs.BinDir, installDir);
            try
            {
                Directory.Delete(installDir, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
            if (e is ToolInstallException or OperationCanceledException) throw;
            throw new ToolInstallException(id, step, e.Message, e);
        }
    }

    /// <summary>The requested version; else one detected from the plugin's version files; else the plugin's default_version; else an error naming the tool.</summary>
    private static async Task<(string Spec, string? DetectedFrom)> RequirementAsync(ProtoToolPlugin plugin, ToolInstallRequest request, PluginUnresolvedContext context,
        RegisterToolOutput registered, CancellationToken cancellationToken)
    {
        if (request.Version is { } requested) return (requested, null);
        var workspace = request.Directories.Workspace;
        var dirs = VersionFileDetector.Directories(request.WorkingDirectory ?? workspace, workspace);
        var (found, files) = await VersionFileDetector.DetectAsync(plugin, context, dirs, cancellationToken).ConfigureAwait(false);
        if (found is not null) return (found.Version, found.File);
        if (registered.DefaultVersion is { Length: > 0 } fallback) return (fallback, null);
        var searched = files.Count == 0
            ? "the plugin names no version files (no detect_version_files)"
            : $"none of its version files ({string.Join(", ", files)}) holds one in {string.Join(", ", dirs)}";
        throw new ToolInstallException(plugin.ToolId, "detect_version_files",
            $"no version to install: none in .prototools, none on the command line, {searched}; pin it ({plugin.ToolId} = \"1.2.3\") or run pluginhost install {plugin.ToolId}@VERSION");
    }

    /// <summary>Records the installed version in the tool's manifest.json, then applies sync_manifest's installed list when given.</summary>
    private static async Task UpdateManifestAsync(string id, string path, string version, IReadOnlyList<string>? synced, CancellationToken cancellationToken)
    {
        await using var held = await FileLock.AcquireAsync(path, cancellationToken).ConfigureAwait(false);
        ToolManifest manifest;
        try
        {
            manifest = ToolManifest.Load(path);
        }
        catch (InvalidDataException e)
        {
            throw new ToolInstallException(id, "sync_manifest", e.Message, e);
        }
        var updated = manifest.InstalledVersions.Contains(version) && synced is null
            ? manifest
            : manifest.WithInstalled(version, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        if (synced is not null) updated = updated.WithInstalledSet(synced);
        if (!ReferenceEquals(updated, manifest) || !File.Exists(path)) updated.Save(path);
    }

    private static async Task<string> ResolveVersionAsync(ProtoToolPlugin plugin, PluginUnresolvedContext context, string spec, CancellationToken cancellationToken)
    {
        var id = plugin.ToolId;
        LoadVersionsOutput loaded = new();
        if (plugin.Exports("load_versions"))
            loaded = await plugin.CallAsync<LoadVersionsInput, LoadVersionsOutput>("load_versions", new LoadVersionsInput { Context = context, Initial = spec }, cancellationToken).ConfigureAwait(false);
        if (plugin.Exports("resolve_version"))
        {
            var output = await plugin.CallAsync<ResolveVersionInput, ResolveVersionOutput>("resolve_version", new ResolveVersionInput { Context = context, Initial = spec }, cancellationToken).ConfigureAwait(false);
            if (output.Version is { Length: > 0 } explicitVersion) return explicitVersion.Trim();
            if (output.Candidate is { Length: > 0 } candidate) spec = candidate;
        }
        if (!plugin.Exports("load_versions"))
        {
            if (SemVersion.TryParse(spec, out var exact)) return exact.ToString();
            throw new ToolInstallException(id, "load_versions", $"the plugin does not export 'load_versions', so '{spec}' cannot be resolved (ask for an exact version)");
        }
        try
        {
            return new VersionResolver(loaded).Resolve(spec);
        }
        catch (VersionResolutionException e)
        {
            throw new ToolInstallException(id, "load_versions", e.Message, e);
        }
    }

}
