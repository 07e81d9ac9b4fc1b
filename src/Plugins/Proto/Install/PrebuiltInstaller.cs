using PluginHost.Plugins.Archives;
using PluginHost.Plugins.Checksums;
using PluginHost.Plugins.Proto.Api;
using PluginHost.Plugins.Proto.Host;

namespace PluginHost.Plugins.Proto.Install;

/// <summary>The prebuilt install: download_prebuilt, cached download with retries, checksum or signature verification, unpack.</summary>
internal sealed class PrebuiltInstaller
{
    private readonly HttpClient _http;
    private readonly Action<string, string, string> _log;

    /// <summary>Creates the step over the node's HTTP client and the installer's log.</summary>
    public PrebuiltInstaller(HttpClient http, Action<string, string, string> log)
    {
        _http = http;
        _log = log;
    }

    /// <summary>Runs download_prebuilt, downloads (or reuses a verified download), verifies and unpacks into installDir; returns whether the download was reused.</summary>
    public async Task<bool> RunAsync(ProtoToolPlugin plugin, ToolInstallRequest request, VirtualPathMap paths, PluginContext context,
        string installDir, IProgress<ToolInstallProgress>? progress, CancellationToken cancellationToken)
    {
        var id = plugin.ToolId;
        const string fn = "download_prebuilt";
        var prebuilt = await plugin.CallAsync<DownloadPrebuiltInput, DownloadPrebuiltOutput>(fn,
            new DownloadPrebuiltInput { Context = context, InstallDir = context.ToolDir }, cancellationToken).ConfigureAwait(false);
        var policy = new ProtoUrlPolicy(request.Options);
        Uri url;
        Uri? checksumUrl = null;
        try
        {
            url = policy.Check(prebuilt.DownloadUrl);
            if (prebuilt.ChecksumUrl is { Length: > 0 } c) checksumUrl = policy.Check(c);
        }
        catch (InvalidOperationException e)
        {
            throw new ToolInstallException(id, fn, e.Message, e);
        }
        var name = SafeFileName(prebuilt.DownloadName ?? Path.GetFileName(Uri.UnescapeDataString(url.AbsolutePath)), id, fn, "download_name");
        var cache = new DownloadCache(request.Directories.DownloadsDir, _http);
        var file = cache.PathFor(url, name);
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
                ExecutableLinker.MakeExecutable(target);
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
                _log(id, "warn", $"{Path.GetFileName(file)} has no checksum to verify");
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

    private static string SafeFileName(string name, string id, string function, string field)
    {
        if (name.Length == 0 || name is "." or ".." || name.Contains('/') || name.Contains('\\') || name.Contains('\0'))
            throw new ToolInstallException(id, function, $"{field} '{name}' is not a plain file name");
        return name;
    }
}
