using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace PluginHost.EndToEnd.Tests.Install;

/// <summary>Builds what a server serves for N tools of the demo proto plugin (tests/fixtures/proto/tool.wasm): per tool
/// tN/index.txt, tN/dist/demo-1.0.0.tar.gz (bin/demo printing "toolN 1.0.0", plus padding bytes) and its SHASUMS256.txt;
/// the plugin itself as /plugin/tool.wasm; and a .prototools pinning every tool with its [tools.toolN] config.</summary>
internal static class ToolSite
{
    public const string Version = "1.0.0";

    public static string ArchivePath(int tool) => $"/t{tool}/dist/demo-{Version}.tar.gz";

    /// <summary>Writes the served files under root; tool i's archive carries paddingBytes(i) incompressible bytes.</summary>
    public static void Write(string root, string repoRoot, int tools, Func<int, int> paddingBytes)
    {
        var plugin = Path.Combine(root, "plugin");
        Directory.CreateDirectory(plugin);
        File.Copy(Path.Combine(repoRoot, "tests", "fixtures", "proto", "tool.wasm"), Path.Combine(plugin, "tool.wasm"), overwrite: true);
        for (var i = 0; i < tools; i++)
        {
            var dist = Directory.CreateDirectory(Path.Combine(root, $"t{i}", "dist")).FullName;
            File.WriteAllText(Path.Combine(root, $"t{i}", "index.txt"), $"{Version}\nlatest {Version}\n");
            var archive = Path.Combine(dist, $"demo-{Version}.tar.gz");
            WriteArchive(archive, $"tool{i}", paddingBytes(i));
            var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(archive)));
            File.WriteAllText(Path.Combine(dist, "SHASUMS256.txt"), $"{hash}  demo-{Version}.tar.gz\n");
        }
    }

    /// <summary>The .prototools text: every tool pinned, its plugin fetched over HTTP with a SHA-256 pin, its config pointing at the server.</summary>
    public static string ProtoTools(string root, string baseUrl, int tools)
    {
        var pin = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(root, "plugin", "tool.wasm"))));
        var text = new StringBuilder();
        for (var i = 0; i < tools; i++) text.Append($"tool{i} = \"{Version}\"\n");
        text.Append("\n[plugins]\n");
        for (var i = 0; i < tools; i++) text.Append($"tool{i} = \"{baseUrl}/plugin/tool.wasm#sha256={pin}\"\n");
        for (var i = 0; i < tools; i++) text.Append($"\n[tools.tool{i}]\nbase_url = \"{baseUrl}/t{i}\"\nbin = \"tool{i}\"\n");
        return text.ToString();
    }

    private static void WriteArchive(string path, string name, int padding)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        var prefix = $"demo-{Version}/";
        Add(tar, prefix + "bin/demo", $"#!/bin/sh\necho \"{name} {Version} $*\"\n", executable: true);
        Add(tar, prefix + "bin/demo-helper", $"#!/bin/sh\necho \"{name}-helper\"\n", executable: true);
        var noise = new byte[padding];
        new Random(padding).NextBytes(noise);
        var entry = new PaxTarEntry(TarEntryType.RegularFile, prefix + "padding.bin") { DataStream = new MemoryStream(noise) };
        tar.WriteEntry(entry);
    }

    private static void Add(TarWriter tar, string name, string text, bool executable)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
            Mode = executable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100,
        };
        tar.WriteEntry(entry);
    }
}
