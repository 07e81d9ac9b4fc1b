using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PluginHost.Tests.Common;

namespace PluginHost.Bench.Install;

/// <summary>
/// The <c>install-formats</c> command: the same 20-tool <c>pluginhost install</c> (archives in tar.gz, tar.xz, tar.bz2,
/// tar.zst) run by two CLI builds, alternating, to compare a change (issue #14: decompression and TOML through
/// libraries) against the build before it. The peer is a build of the earlier commit passed with --before.
/// </summary>
public static class ArchiveFormatsBenchmark
{
    private static readonly string[] Formats = ["tar.gz", "tar.xz", "tar.bz2", "tar.zst"];

    private static readonly Dictionary<string, long> Sizes = [];

    /// <summary>Runs the comparison. Options: --before DLL (required), --tools N (20), --kib N (uncompressed payload per tool, 4096), --repeat R (3).</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        var before = Text(args, "--before");
        if (before is null || !File.Exists(before))
        {
            Console.Error.WriteLine("install-formats: --before must name the pluginhost.dll of the build to compare against");
            return 2;
        }

        var tools = Option(args, "--tools", 20);
        var kib = Option(args, "--kib", 4096);
        var repeat = Option(args, "--repeat", 3);
        var after = Path.Combine(AppContext.BaseDirectory, "pluginhost.dll");
        var repo = RepoRoot.Find();
        var wasm = Path.Combine(repo, "tests", "fixtures", "proto", "tool.wasm");
        var dir = Directory.CreateTempSubdirectory("install-formats-").FullName;
        try
        {
            var loadBefore = LoadAverage();
            var site = Path.Combine(dir, "site");
            WriteSite(site, tools, kib * 1024);
            using var server = new LoopbackHttpServer(site);
            var configs = new List<(string Name, string Path)> { ("mixed (a quarter each)", WriteConfig(dir, "mixed", wasm, server.BaseUrl, tools, i => Formats[i % Formats.Length])) };
            configs.AddRange(Formats.Select(f => ($"all {f}", WriteConfig(dir, f, wasm, server.BaseUrl, tools, _ => f))));

            var rows = new List<(string Name, double Before, double After)>();
            foreach (var (name, config) in configs)
            {
                var times = new Dictionary<string, List<double>> { [before] = [], [after] = [] };
                Install(after, config, Path.Combine(dir, "warm-up"));
                for (var r = 0; r < repeat; r++)
                {
                    foreach (var cli in r % 2 == 0 ? new[] { before, after } : [after, before])
                    {
                        times[cli].Add(Install(cli, config, Path.Combine(dir, $"data-{r}-{(cli == before ? "before" : "after")}-{rows.Count}")));
                    }
                }

                rows.Add((name, Median(times[before]), Median(times[after])));
            }

            var report = new StringBuilder()
                .AppendLine("# Install before/after issue #14 (libraries for TOML, archives, minisign, versions)")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores (shared with other builds), .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.")
                .AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project bench/PluginHost.Bench -- install-formats --before BEFORE/pluginhost.dll` (BEFORE: a Release build of the commit before #14).")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"One `pluginhost install` of {tools} tools (tests/fixtures/proto/tool.wasm), each a {kib} KiB tar (numbered lines with random hex words; compressed sizes of one: {string.Join(", ", Sizes.Select(kv => $"{kv.Key} {kv.Value / 1024} KiB"))}) compressed by the Debian gzip/xz/bzip2/zstd tools, served by a loopback server without rate limit; fresh data dir each run; median of {repeat}, before and after alternating.")
                .AppendLine()
                .AppendLine("| archives | before s | after s | after / before |")
                .AppendLine("|---|---|---|---|");
            foreach (var (name, b, a) in rows)
                report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {b:0.00} | {a:0.00} | {a / b:0.00} |");
            report.AppendLine()
                .AppendLine("Before: xz, bzip2, zstd through DllImport of liblzma, libbz2, libzstd; after: SharpCompress 0.50.9 (managed). gzip is .NET's GZipStream in both.")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Load average (1, 5, 15 min) at start: {loadBefore}; at end: {LoadAverage()}.");
            var output = Path.Combine(repo, "bench", "results", "install-formats.md");
            File.WriteAllText(output, report.ToString());
            Console.Write(report);
            Console.WriteLine($"written to {output}");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double Install(string cli, string config, string dataDir)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { cli, "install", "--config", config, "--data-dir", dataDir }) psi.ArgumentList.Add(a);
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        sw.Stop();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{cli} install exited {process.ExitCode}: {stdout.Result}{stderr.Result}");
        return sw.Elapsed.TotalSeconds;
    }

    private static void WriteSite(string root, int tools, int bytes)
    {
        for (var i = 0; i < tools; i++)
        {
            var dist = Directory.CreateDirectory(Path.Combine(root, $"t{i}", "dist")).FullName;
            File.WriteAllText(Path.Combine(root, $"t{i}", "index.txt"), "1.0.0\nlatest 1.0.0\n");
            var tar = new MemoryStream();
            using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            {
                foreach (var name in new[] { "demo", "demo-helper" })
                {
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"demo-1.0.0/bin/{name}")
                    {
                        DataStream = new MemoryStream(Encoding.UTF8.GetBytes($"#!/bin/sh\necho tool{i}\n")),
                        Mode = (UnixFileMode)0b111_101_101,
                    });
                }
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "demo-1.0.0/share/payload.txt") { DataStream = new MemoryStream(Payload(i, bytes)) });
            }

            var sums = new StringBuilder();
            foreach (var format in Formats)
            {
                var archive = Path.Combine(dist, $"demo-1.0.0.{format}");
                File.WriteAllBytes(archive, Compress(format, tar.ToArray()));
                Sizes[format] = new FileInfo(archive).Length;
                sums.Append(CultureInfo.InvariantCulture, $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(archive)))}  demo-1.0.0.{format}\n");
            }

            File.WriteAllText(Path.Combine(dist, "SHASUMS256.txt"), sums.ToString());
        }
    }

    /// <summary>Text-like bytes: numbered lines with a random hex word.</summary>
    private static byte[] Payload(int seed, int bytes)
    {
        var random = new Random(seed);
        var text = new StringBuilder(bytes + 64);
        for (var n = 0; text.Length < bytes; n++) text.Append(CultureInfo.InvariantCulture, $"{n} {random.Next():x8} entry\n");
        return Encoding.ASCII.GetBytes(text.ToString(0, bytes));
    }

    private static byte[] Compress(string format, byte[] data)
    {
        var tool = format switch { "tar.gz" => "gzip", "tar.xz" => "xz", "tar.bz2" => "bzip2", _ => "zstd" };
        var psi = new ProcessStartInfo(tool) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        if (tool == "zstd") psi.ArgumentList.Add("-q");
        using var process = Process.Start(psi)!;
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        process.StandardInput.BaseStream.Write(data);
        process.StandardInput.Close();
        copy.Wait();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} exited {process.ExitCode}");
        return output.ToArray();
    }

    private static string WriteConfig(string dir, string name, string wasm, string baseUrl, int tools, Func<int, string> format)
    {
        var text = new StringBuilder();
        for (var i = 0; i < tools; i++) text.Append(CultureInfo.InvariantCulture, $"tool{i} = \"1.0.0\"\n");
        text.Append("\n[plugins]\n");
        for (var i = 0; i < tools; i++) text.Append(CultureInfo.InvariantCulture, $"tool{i} = \"file://{wasm}\"\n");
        for (var i = 0; i < tools; i++)
            text.Append(CultureInfo.InvariantCulture, $"\n[tools.tool{i}]\nbase_url = \"{baseUrl}/t{i}\"\nbin = \"tool{i}\"\nformat = \"{format(i)}\"\n");
        var path = Path.Combine(dir, name, ".prototools");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? Text(IReadOnlyList<string> args, string name)
    {
        var i = args.ToList().IndexOf(name);
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : null;
    }

    private static int Option(IReadOnlyList<string> args, string name, int fallback) =>
        Text(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
