using System.Text.Json;
using PluginHost.Plugins.Archives;
using PluginHost.Plugins.Checksums;
using PluginHost.Plugins.Extism;
using PluginHost.Plugins.Proto.Api;
using PluginHost.Plugins.Proto.Host;
using PluginHost.Plugins.Proto.Versions;
using PluginHost.Wasm;

namespace PluginHost.Plugins.Proto.Install;

/// <summary>
/// Installs one tool version with its proto plugin: register_tool, version resolution, pre_install, native_install or
/// download_prebuilt + download + verification + unpack, locate_executables, bin links, post_install. Every plugin call is
/// gated on its export; every failure names the tool and the function; a failed install leaves no install directory.
/// </summary>
public sealed class ToolInstaller
{
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
        foreach (var dir in new[] { dirs.ProtoDir, dirs.TempDir, dirs.HomeDir, dirs.Workspace, dirs.BinDir, dirs.DownloadsDir })
            Directory.CreateDirectory(dir);
        var paths = new VirtualPathMap([
            ("/proto", dirs.ProtoDir), ("/temp", dirs.TempDir), ("/userhome", dirs.HomeDir), ("/cwd", dirs.Workspace), ("/workspace", dirs.Workspace),
        ]);
        var host = new ProtoHostFunctions(request.Options, paths, _http, dirs.Workspace)
        {
            Log = (target, message, data) => Log(id, target, data is null ? message : $"{message} {data}"),
        };

        progress?.Report(new ToolInstallProgress(ToolInstallPhase.Registering, Message: $"loading plugin for {id}"));
        using var plugin = Load(request, paths, host);
        var registered = await plugin.CallAsync<RegisterToolInput, RegisterToolOutput>("register_tool", new RegisterToolInput { Id = id }, cancellationToken).ConfigureAwait(false);

        progress?.Report(new ToolInstallProgress(ToolInstallPhase.ResolvingVersion));
        var unresolved = new PluginUnresolvedContext { TempDir = paths.ToVirtual(Path.Join(dirs.TempDir, id)), WorkingDir = paths.ToVirtual(dirs.Workspace) };
        var spec = request.Version ?? registered.DefaultVersion ?? "latest";
        var version = await ResolveVersionAsync(plugin, unresolved, spec, cancellationToken).ConfigureAwait(false);
        var dirVersion = version + (registered.InventoryOptions?.VersionSuffix ?? "");
        var installDir = Path.Join(dirs.ProtoDir, "tools", registered.InventoryOptions?.OverrideDirName ?? id, dirVersion);
        if (Path.GetRelativePath(dirs.ProtoDir, Path.GetFullPath(installDir)).StartsWith("..", StringComparison.Ordinal) || dirVersion.Contains('/') || dirVersion is "." or "..")
            throw new ToolInstallException(id, "resolve_version", $"version '{version}' cannot name an install directory");
        var context = new PluginContext
        {
            TempDir = unresolved.TempDir,
            ToolDir = paths.ToVirtual(installDir),
            Version = version,
            WorkingDir = unresolved.WorkingDir,
        };
        Directory.CreateDirectory(Path.Join(dirs.TempDir, id));

        if (Directory.Exists(installDir)) Directory.Delete(installDir, recursive: true);
        Directory.CreateDirectory(installDir);
        try
        {
            progress?.Report(new ToolInstallProgress(ToolInstallPhase.Preparing, Message: $"{id} {version}"));
            var hook = new InstallHook { Context = context, Forced = request.Force };
            if (plugin.Exports("pre_install")) await plugin.CallVoidAsync("pre_install", hook, cancellationToken).ConfigureAwait(false);

            var native = false;
            var reused = false;
            if (plugin.Exports("native_install"))
            {
                var output = await plugin.CallAsync<NativeInstallInput, NativeInstallOutput>("native_install",
                    new NativeInstallInput { Context = context, Force = request.Force, InstallDir = context.ToolDir }, cancellationToken).ConfigureAwait(false);
                if (output.Error is { Length: > 0 } error) throw new ToolInstallException(id, "native_install", error);
                native = output.Installed || output.SkipInstall;
            }
            if (!native)
                reused = await DownloadAndUnpackAsync(plugin, request, paths, context, installDir, progress, cancellationToken).ConfigureAwait(false);

            progress?.Report(new ToolInstallProgress(ToolInstallPhase.Linking));
            var (exes, links) = await LinkAsync(plugin, context, installDir, dirs.BinDir, cancellationToken).ConfigureAwait(false);

            progress?.Report(new ToolInstallProgress(ToolInstallPhase.Finishing));
            if (plugin.Exports("post_install")) await plugin.CallVoidAsync("post_install", hook, cancellationToken).ConfigureAwait(false);
            progress?.Report(new ToolInstallProgress(ToolInstallPhase.Done, Message: $"{id} {version} installed"));
            return new ToolInstallResult(id, registered.Name, version, installDir, exes, links, reused, native);
        }
        catch
        {
            RemoveLinksInto(dirs.BinDir, installDir);
            try
            {
                Directory.Delete(installDir, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
            throw;
        }
    }

    private ProtoToolPlugin Load(ToolInstallRequest request, VirtualPathMap paths, ProtoHostFunctions host)
    {
        var id = request.ToolId;
        Module module;
        try
        {
            module = request.Module ?? Module.FromBytes(request.Engine ?? new Engine(), request.PluginBytes
                ?? throw new ArgumentException("ToolInstallRequest needs a Module or PluginBytes", nameof(request)), id);
        }
        catch (WasmModuleException e)
        {
            throw new ToolInstallException(id, "load", $"the plugin is not a valid wasm module: {e.Message}", e);
        }
        var home = paths.ToVirtual(request.Directories.HomeDir);
        var protoDir = paths.ToVirtual(request.Directories.ProtoDir);
        var environment = JsonSerializer.Serialize(HostEnvironment.Current(home, protoDir), ProtoJson.Options);
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
            AllowedPaths = paths.ToAllowedPaths(),
        };
        try
        {
            var extism = new ExtismPlugin(module, manifest, host.All, _http, name: id);
            extism.Kernel.Log = (level, message) => Log(id, level.ToString().ToLowerInvariant(), message);
            return new ProtoToolPlugin(id, extism, request.CallTimeout);
        }
        catch (ExtismCallException e)
        {
            throw new ToolInstallException(id, e.Function, e.PluginMessage, e);
        }
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

    private async Task<bool> DownloadAndUnpackAsync(ProtoToolPlugin plugin, ToolInstallRequest request, VirtualPathMap paths, PluginContext context,
        string installDir, IProgress<ToolInstallProgress>? progress, CancellationToken cancellationToken)
    {
        var id = plugin.ToolId;
        const string fn = "download_prebuilt";
        var prebuilt = await plugin.CallAsync<DownloadPrebuiltInput, DownloadPrebuiltOutput>(fn,
            new DownloadPrebuiltInput { Context = context, InstallDir = context.ToolDir }, cancellationToken).ConfigureAwait(false);
        var host = new ProtoHostFunctions(request.Options, paths, _http, request.Directories.Workspace);
        Uri url;
        Uri? checksumUrl = null;
        try
        {
            url = host.CheckUrl(prebuilt.DownloadUrl);
            if (prebuilt.ChecksumUrl is { Length: > 0 } c) checksumUrl = host.CheckUrl(c);
        }
        catch (InvalidOperationException e)
        {
            throw new ToolInstallException(id, fn, e.Message, e);
        }
        var name = SafeFileName(prebuilt.DownloadName ?? Path.GetFileName(Uri.UnescapeDataString(url.AbsolutePath)), id, fn, "download_name");
        var cache = new DownloadCache(request.Directories.DownloadsDir, _http);
        var file = cache.PathFor(url, name);
        var http = request.Options.Settings.Http;

        progress?.Report(new ToolInstallProgress(ToolInstallPhase.Downloading, Message: url.ToString()));
        var reused = await DownloadCache.IsVerifiedAsync(file, cancellationToken).ConfigureAwait(false);
        if (reused)
        {
            var length = new FileInfo(file).Length;
            progress?.Report(new ToolInstallProgress(ToolInstallPhase.Downloading, length, length, $"reusing verified download {name}"));
        }
        else
        {
            await DownloadAsync(cache, url, file, prebuilt.HttpHeaders, request, progress, id, fn, cancellationToken).ConfigureAwait(false);
            progress?.Report(new ToolInstallProgress(ToolInstallPhase.Verifying));
            await VerifyAsync(plugin, prebuilt, Path.GetFileName(Uri.UnescapeDataString(url.AbsolutePath)), checksumUrl, cache, file, paths, context, request, progress, cancellationToken).ConfigureAwait(false);
        }

        progress?.Report(new ToolInstallProgress(ToolInstallPhase.Unpacking));
        if (plugin.Exports("unpack_archive"))
        {
            await plugin.CallVoidAsync("unpack_archive", new UnpackArchiveInput { Context = context, InputFile = paths.ToVirtual(file), OutputDir = context.ToolDir }, cancellationToken).ConfigureAwait(false);
            return reused;
        }
        try
        {
            if (await IsArchiveAsync(file, name, cancellationToken).ConfigureAwait(false))
            {
                await ArchiveExtractor.ExtractAsync(file, installDir, prebuilt.ArchivePrefix, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var target = Path.Join(installDir, name);
                File.Copy(file, target, overwrite: true);
                MakeExecutable(target);
            }
        }
        catch (ArchiveException e)
        {
            throw new ToolInstallException(id, "unpack_archive", e.Message, e);
        }
        return reused;
    }

    private static async Task DownloadAsync(DownloadCache cache, Uri url, string file, IReadOnlyDictionary<string, string>? headers, ToolInstallRequest request,
        IProgress<ToolInstallProgress>? progress, string id, string fn, CancellationToken cancellationToken)
    {
        var http = request.Options.Settings.Http;
        long lastReported = -1;
        try
        {
            await cache.DownloadAsync(url, file, headers, http.Retries, request.RetryDelay, http.Timeout, (done, total) =>
            {
                if (done == total || done - lastReported >= 64 * 1024 || lastReported < 0)
                {
                    lastReported = done;
                    progress?.Report(new ToolInstallProgress(ToolInstallPhase.Downloading, done, total, url.ToString()));
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException)
        {
            throw new ToolInstallException(id, fn, $"download of {url} failed after {http.Retries} retries: {e.Message}", e);
        }
    }

    private async Task VerifyAsync(ProtoToolPlugin plugin, DownloadPrebuiltOutput prebuilt, string urlFileName, Uri? checksumUrl, DownloadCache cache, string file,
        VirtualPathMap paths, PluginContext context, ToolInstallRequest request, IProgress<ToolInstallProgress>? progress, CancellationToken cancellationToken)
    {
        var id = plugin.ToolId;
        string? publicKey = prebuilt.ChecksumPublicKey;
        string? expectedHash = null;
        if (prebuilt.Checksum is { Length: > 0 } checksum)
        {
            var colon = checksum.IndexOf(':');
            var (algo, value) = colon < 0 ? ("", checksum) : (checksum[..colon].ToLowerInvariant(), checksum[(colon + 1)..]);
            switch (algo)
            {
                case "minisign": publicKey = value; break;
                case "" or "sha256" or "sha512": expectedHash = value; break;
                default: throw new ToolInstallException(id, "download_prebuilt", $"checksum algorithm '{algo}' is not supported (expected sha256, sha512 or minisign)");
            }
        }
        string? checksumFile = null;
        if (checksumUrl is not null)
        {
            var checksumName = SafeFileName(prebuilt.ChecksumName ?? Path.GetFileName(Uri.UnescapeDataString(checksumUrl.AbsolutePath)), id, "download_prebuilt", "checksum_name");
            checksumFile = Path.Join(Path.GetDirectoryName(file)!, checksumName);
            await DownloadAsync(cache, checksumUrl, checksumFile, prebuilt.HttpHeaders, request, null, id, "download_prebuilt", cancellationToken).ConfigureAwait(false);
        }
        try
        {
            if (checksumFile is not null && plugin.Exports("verify_checksum"))
            {
                var sha = await ChecksumVerifier.ComputeHexAsync(file, ChecksumAlgorithm.Sha256, cancellationToken).ConfigureAwait(false);
                var output = await plugin.CallAsync<VerifyChecksumInput, VerifyChecksumOutput>("verify_checksum", new VerifyChecksumInput
                {
                    Context = context,
                    ChecksumFile = paths.ToVirtual(checksumFile),
                    DownloadChecksum = "sha256:" + sha,
                    DownloadFile = paths.ToVirtual(file),
                }, cancellationToken).ConfigureAwait(false);
                if (!output.Verified)
                    throw new ToolInstallException(id, "verify_checksum", $"the plugin rejected the checksum of {Path.GetFileName(file)}");
            }
            else if (checksumFile is not null && publicKey is { Length: > 0 })
                await MinisignVerifier.VerifyAsync(file, checksumFile, publicKey, cancellationToken).ConfigureAwait(false);
            else if (checksumFile is not null)
                await VerifyChecksumFileAsync(file, checksumFile, urlFileName, cancellationToken).ConfigureAwait(false);
            else if (expectedHash is not null)
                await ChecksumVerifier.VerifyHashAsync(file, expectedHash, cancellationToken).ConfigureAwait(false);
            else
            {
                Log(id, "warn", $"{Path.GetFileName(file)} has no checksum to verify");
                return;
            }
        }
        catch (Exception e) when (e is ChecksumException or ToolInstallException)
        {
            DownloadCache.Forget(file);
            if (e is ToolInstallException) throw;
            throw new ToolInstallException(id, "download_prebuilt", $"verification of {Path.GetFileName(file)} failed: {e.Message}", e);
        }
        await DownloadCache.MarkVerifiedAsync(file, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks a download against a checksum file entry for its download name, or else for the file name in its URL.</summary>
    private static async Task VerifyChecksumFileAsync(string file, string checksumFile, string urlFileName, CancellationToken cancellationToken)
    {
        var contents = await File.ReadAllTextAsync(checksumFile, cancellationToken).ConfigureAwait(false);
        ExpectedChecksum expected;
        try
        {
            expected = ChecksumFileParser.FindExpected(checksumFile, contents, Path.GetFileName(file));
        }
        catch (ChecksumException) when (urlFileName.Length > 0 && urlFileName != Path.GetFileName(file))
        {
            expected = ChecksumFileParser.FindExpected(checksumFile, contents, urlFileName);
        }
        await ChecksumVerifier.VerifyHashAsync(file, expected, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(IReadOnlyDictionary<string, string> Exes, IReadOnlyList<string> Links)> LinkAsync(ProtoToolPlugin plugin, PluginContext context,
        string installDir, string binDir, CancellationToken cancellationToken)
    {
        var id = plugin.ToolId;
        const string fn = "locate_executables";
        IReadOnlyDictionary<string, ExecutableConfig> configs;
        if (plugin.Exports(fn))
        {
            var output = await plugin.CallAsync<LocateExecutablesInput, LocateExecutablesOutput>(fn,
                new LocateExecutablesInput { Context = context, InstallDir = context.ToolDir }, cancellationToken).ConfigureAwait(false);
            configs = output.Exes;
        }
        else
        {
            configs = File.Exists(Path.Join(installDir, id))
                ? new Dictionary<string, ExecutableConfig> { [id] = new() { ExePath = id, Primary = true } }
                : new Dictionary<string, ExecutableConfig>();
        }
        var exes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var links = new List<string>();
        foreach (var (name, config) in configs.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (config.ExePath is not { Length: > 0 } relative) continue;
            SafeFileName(name, id, fn, "exes key");
            var exe = Inside(installDir, relative, id, fn, name);
            if (!File.Exists(exe))
                throw new ToolInstallException(id, fn, $"executable '{name}' at '{relative}' does not exist in {installDir}");
            MakeExecutable(exe);
            exes[name] = exe;
            if (config.NoBin) continue;
            var linkTarget = config.ExeLinkPath is { Length: > 0 } l ? Inside(installDir, l, id, fn, name) : exe;
            var link = Path.Join(binDir, name);
            var temp = link + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
            File.CreateSymbolicLink(temp, linkTarget);
            File.Move(temp, link, overwrite: true);
            links.Add(link);
        }
        return (exes, links);
    }

    private static string Inside(string installDir, string relative, string id, string fn, string name)
    {
        var full = Path.GetFullPath(Path.Join(installDir, relative));
        if (!full.StartsWith(Path.GetFullPath(installDir) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ToolInstallException(id, fn, $"executable '{name}' path '{relative}' points outside the install directory");
        return full;
    }

    private static void RemoveLinksInto(string binDir, string installDir)
    {
        if (!Directory.Exists(binDir)) return;
        foreach (var link in Directory.EnumerateFileSystemEntries(binDir))
        {
            var target = new FileInfo(link).LinkTarget;
            if (target is not null && Path.GetFullPath(target).StartsWith(installDir + Path.DirectorySeparatorChar, StringComparison.Ordinal)) File.Delete(link);
        }
    }

    private static async Task<bool> IsArchiveAsync(string file, string name, CancellationToken cancellationToken)
    {
        if (ArchiveFormatDetector.FromFileName(name) is not null) return true;
        try
        {
            await ArchiveFormatDetector.DetectAsync(file, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ArchiveException)
        {
            return false;
        }
    }

    private static void MakeExecutable(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    private static string SafeFileName(string name, string id, string function, string field)
    {
        if (name.Length == 0 || name is "." or ".." || name.Contains('/') || name.Contains('\\') || name.Contains('\0'))
            throw new ToolInstallException(id, function, $"{field} '{name}' is not a plain file name");
        return name;
    }
}
