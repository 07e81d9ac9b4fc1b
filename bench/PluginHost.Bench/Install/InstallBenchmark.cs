using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using PluginHost.Plugins.Proto.Api;
using PluginHost.Plugins.Proto.Install;
using PluginHost.Tests.Common;

namespace PluginHost.Bench.Install;

/// <summary>The <c>install</c> command: plugin instantiate-and-call latency with a cached module, and a 20-tool
/// `pluginhost install` in one parallel run vs the same tools installed one by one; writes bench/results/install.md.</summary>
public static class InstallBenchmark
{
    /// <summary>Runs the measurements (call latency, parallel vs one-by-one install, resume vs restart of a dropped download). Options: --tools N (20), --kib N (archive size, 256), --rate KIB/S (per connection, 1024), --calls N (200).</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        var tools = Option(args, "--tools", 20);
        var kib = Option(args, "--kib", 256);
        var rate = Option(args, "--rate", 1024);
        var calls = Option(args, "--calls", 200);
        var repo = RepoRoot.Find();
        var dir = Directory.CreateTempSubdirectory("install-bench-").FullName;
        try
        {
            var loadBefore = LoadAverage();
            var wasm = Path.Combine(repo, "tests", "fixtures", "proto", "tool.wasm");
            var (compileMs, coldMs, callMs) = CallLatency(wasm, dir, calls);
            var resumeKib = kib * 4;
            DroppedDownload(Path.Combine(dir, "warm-up"), 64, rate, supportsRange: true); // JIT of the HTTP and cache paths
            var resumed = DroppedDownload(dir, resumeKib, rate, supportsRange: true);
            var restarted = DroppedDownload(dir, resumeKib, rate, supportsRange: false);

            var site = Path.Combine(dir, "site");
            WriteSite(site, wasm, tools, kib * 1024);
            using var server = new LoopbackHttpServer(site) { BytesPerSecond = rate * 1024 };
            var config = Path.Combine(dir, "project", ".prototools");
            Directory.CreateDirectory(Path.GetDirectoryName(config)!);
            File.WriteAllText(config, ProtoTools(wasm, server.BaseUrl, tools));
            var cli = Path.Combine(AppContext.BaseDirectory, "pluginhost.dll");

            var parallel = Stopwatch.StartNew();
            var exit = Cli(cli, ["install", "--config", config, "--data-dir", Path.Combine(dir, "parallel")]);
            parallel.Stop();
            if (exit != 0) throw new InvalidOperationException($"parallel install exited {exit}");

            var oneByOne = Stopwatch.StartNew();
            for (var i = 0; i < tools; i++)
            {
                exit = Cli(cli, ["install", "--config", config, "--data-dir", Path.Combine(dir, "serial"), $"tool{i}"]);
                if (exit != 0) throw new InvalidOperationException($"install of tool{i} exited {exit}");
            }
            oneByOne.Stop();

            var startup = Stopwatch.StartNew();
            Cli(cli, ["runs", "--data-dir", Path.Combine(dir, "parallel")]);
            startup.Stop();

            var report = new StringBuilder()
                .AppendLine("# Install benchmark")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores (shared), .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Command: `dotnet run -c Release --project bench/PluginHost.Bench -- install`.")
                .AppendLine()
                .AppendLine("## Plugin instantiate-and-call (tests/fixtures/proto/tool.wasm, proto host functions, module compiled once)")
                .AppendLine()
                .AppendLine("| measure | ms |")
                .AppendLine("|---|---|")
                .AppendLine(CultureInfo.InvariantCulture, $"| compile module (once) | {compileMs:0.00} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| first instantiate + register_tool call | {coldMs:0.000} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| instantiate + register_tool call + dispose, median of {calls} | {callMs:0.000} |")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"## {tools} tools, {kib} KiB archive each, served by a loopback server at {rate} KiB/s per connection")
                .AppendLine()
                .AppendLine("| how | total s |")
                .AppendLine("|---|---|")
                .AppendLine(CultureInfo.InvariantCulture, $"| one `pluginhost install` run, tools in parallel | {parallel.Elapsed.TotalSeconds:0.00} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| {tools} `pluginhost install toolN` runs one after another | {oneByOne.Elapsed.TotalSeconds:0.00} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| (one `pluginhost runs` process start, for scale) | {startup.Elapsed.TotalSeconds:0.00} |")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Pure download time per archive at this rate: {kib / (double)rate:0.00} s; one by one that alone is {tools * kib / (double)rate:0.0} s.")
                .AppendLine("One-by-one pays a process start, journal open and plugin compile per tool as well.")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"## A {resumeKib} KiB download whose connection drops at half, at {rate} KiB/s: HTTP Range resume vs a server without Range support")
                .AppendLine()
                .AppendLine("| server | bytes served | total s |")
                .AppendLine("|---|---|---|")
                .AppendLine(CultureInfo.InvariantCulture, $"| answers `Range: bytes=N-` with 206 (resume) | {resumed.Bytes} | {resumed.Seconds:0.00} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| ignores Range, 200 (restart from zero) | {restarted.Bytes} | {restarted.Seconds:0.00} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| resume / restart | {resumed.Bytes / (double)restarted.Bytes:0.00} | {resumed.Seconds / restarted.Seconds:0.00} |")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Load average (1, 5, 15 min) at start: {loadBefore}; at end: {LoadAverage()}.")
                .ToString();
            var outPath = Path.Combine(repo, "bench", "results", "install.md");
            Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
            File.WriteAllText(outPath, report);
            Console.Write(report);
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (double CompileMs, double ColdMs, double MedianMs) CallLatency(string wasm, string dir, int calls)
    {
        var sw = Stopwatch.StartNew();
        var module = Wasmtime.Module.FromBytes(PluginHost.Plugins.Hosting.WasmEngine.Shared.Engine, "tool", File.ReadAllBytes(wasm));
        var compileMs = sw.Elapsed.TotalMilliseconds;
        var request = new ToolInstallRequest { ToolId = "demo", Module = module, Directories = new ToolDirectories(Path.Combine(dir, "calls"), dir) };
        using var http = new HttpClient();
        double Once()
        {
            var t = Stopwatch.StartNew();
            using (var plugin = ProtoPluginLoader.Load(request, http, (_, _, _) => { }, CancellationToken.None))
                plugin.CallAsync<RegisterToolInput, RegisterToolOutput>("register_tool", new RegisterToolInput { Id = "demo" }, CancellationToken.None).GetAwaiter().GetResult();
            return t.Elapsed.TotalMilliseconds;
        }
        var cold = Once();
        var times = Enumerable.Range(0, calls).Select(_ => Once()).ToList();
        return (compileMs, cold, Stats.Median(times));
    }

    /// <summary>Downloads one throttled file whose first response drops at half (retrying), through the install download cache.</summary>
    private static (long Bytes, double Seconds) DroppedDownload(string dir, int kib, int rate, bool supportsRange)
    {
        var root = Path.Combine(dir, supportsRange ? "resume" : "restart");
        Directory.CreateDirectory(root);
        var body = new byte[kib * 1024];
        new Random(kib).NextBytes(body);
        File.WriteAllBytes(Path.Combine(root, "file.bin"), body);
        using var server = new LoopbackHttpServer(root) { BytesPerSecond = rate * 1024, Throttled = _ => true, SupportsRange = supportsRange };
        server.Drops["/file.bin"] = (1, body.Length / 2);
        using var http = new HttpClient();
        var cache = new DownloadCache(Path.Combine(root, "cache"), http);
        var url = new Uri(server.BaseUrl + "/file.bin");
        var sw = Stopwatch.StartNew();
        cache.DownloadAsync(url, cache.PathFor(url, "file.bin"), null, 3, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(2), null, CancellationToken.None).GetAwaiter().GetResult();
        sw.Stop();
        if (!File.ReadAllBytes(cache.PathFor(url, "file.bin")).AsSpan().SequenceEqual(body)) throw new InvalidOperationException("the downloaded file differs");
        return (server.BytesServed("/file.bin"), sw.Elapsed.TotalSeconds);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static int Cli(string dll, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) Console.Error.WriteLine(stdout.Result + stderr.Result);
        return process.ExitCode;
    }

    private static void WriteSite(string root, string wasm, int tools, int bytes)
    {
        Directory.CreateDirectory(Path.Combine(root, "plugin"));
        File.Copy(wasm, Path.Combine(root, "plugin", "tool.wasm"));
        for (var i = 0; i < tools; i++)
        {
            var dist = Directory.CreateDirectory(Path.Combine(root, $"t{i}", "dist")).FullName;
            File.WriteAllText(Path.Combine(root, $"t{i}", "index.txt"), "1.0.0\nlatest 1.0.0\n");
            var archive = Path.Combine(dist, "demo-1.0.0.tar.gz");
            using (var file = File.Create(archive))
            using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
            {
                foreach (var name in new[] { "demo", "demo-helper" })
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"demo-1.0.0/bin/{name}")
                    {
                        DataStream = new MemoryStream(Encoding.UTF8.GetBytes($"#!/bin/sh\necho tool{i}\n")),
                        Mode = (UnixFileMode)0b111_101_101,
                    });
                var noise = new byte[bytes];
                new Random(i).NextBytes(noise);
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "demo-1.0.0/padding.bin") { DataStream = new MemoryStream(noise) });
            }
            File.WriteAllText(Path.Combine(dist, "SHASUMS256.txt"), $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(archive)))}  demo-1.0.0.tar.gz\n");
        }
    }

    private static string ProtoTools(string wasm, string baseUrl, int tools)
    {
        var text = new StringBuilder();
        for (var i = 0; i < tools; i++) text.Append(CultureInfo.InvariantCulture, $"tool{i} = \"1.0.0\"\n");
        text.Append("\n[plugins]\n");
        for (var i = 0; i < tools; i++) text.Append(CultureInfo.InvariantCulture, $"tool{i} = \"file://{wasm}\"\n");
        for (var i = 0; i < tools; i++) text.Append(CultureInfo.InvariantCulture, $"\n[tools.tool{i}]\nbase_url = \"{baseUrl}/t{i}\"\nbin = \"tool{i}\"\n");
        return text.ToString();
    }

    private static int Option(IReadOnlyList<string> args, string name, int fallback)
    {
        var i = args.ToList().IndexOf(name);
        return i >= 0 && i + 1 < args.Count ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
