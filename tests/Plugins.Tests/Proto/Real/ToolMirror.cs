using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PluginHost.Shared.Manifests;
using PluginHost.Tests.Common;

namespace PluginHost.Plugins.Tests.Proto.Real;

/// <summary>A loopback mirror of nodejs.org (download/release/index.json, vX/node-vX-linux-x64.tar.xz, vX/SHASUMS256.txt) and of
/// dl.google.com/go (goX.linux-amd64.tar.gz and its .sha256), plus a local bare git repository with go's release tags
/// that git reaches for https://github.com/golang/go through url.insteadOf; the url-rewrites send the plugins there.</summary>
internal sealed class ToolMirror : IDisposable
{
    public static readonly string[] NodeVersions = ["22.3.0", "20.15.0", "20.1.0", "18.20.3"];
    public static readonly string[] GoVersions = ["1.22.4", "1.21.11", "1.21.0", "1.20.14"];

    public ToolMirror(string root)
    {
        Root = root;
        Directory.CreateDirectory(root);
        WriteNode();
        WriteGo();
        GoRepository = WriteGoRepository(Path.Combine(Path.GetDirectoryName(root)!, "go.git"));
        Server = new LoopbackHttpServer(root) { Throttled = _ => false };
    }

    public string Root { get; }
    public LoopbackHttpServer Server { get; }
    /// <summary>The bare repository git ls-remote reads instead of github.com/golang/go.</summary>
    public string GoRepository { get; }

    /// <summary>The .prototools url-rewrites that point nodejs.org and dl.google.com at the mirror.</summary>
    public IReadOnlyList<UrlRewrite> Rewrites =>
    [
        new(new Regex("^https://nodejs\\.org/"), Server.BaseUrl + "/nodejs/"),
        new(new Regex("^https://dl\\.google\\.com/"), Server.BaseUrl + "/google/"),
    ];

    /// <summary>Environment for exec_command's git: https://github.com/golang/go read from <see cref="GoRepository"/>.</summary>
    public IReadOnlyDictionary<string, string> GitEnvironment => new Dictionary<string, string>
    {
        ["GIT_CONFIG_COUNT"] = "1",
        ["GIT_CONFIG_KEY_0"] = $"url.{GoRepository}.insteadOf",
        ["GIT_CONFIG_VALUE_0"] = "https://github.com/golang/go",
    };

    public static string NodeArchive(string v) => $"/nodejs/download/release/v{v}/node-v{v}-linux-x64.tar.xz";
    public static string GoArchive(string v) => $"/google/go/go{v}.linux-amd64.tar.gz";

    private void WriteNode()
    {
        var index = new StringBuilder("[");
        for (var i = 0; i < NodeVersions.Length; i++)
        {
            var v = NodeVersions[i];
            var lts = v.StartsWith("20.", StringComparison.Ordinal) ? "\"Iron\"" : v.StartsWith("18.", StringComparison.Ordinal) ? "\"Hydrogen\"" : "false";
            index.Append(i == 0 ? "" : ",").Append($"{{\"version\":\"v{v}\",\"date\":\"2024-06-0{i + 1}\",\"files\":[\"linux-x64\"],\"npm\":\"10.0.0\",\"lts\":{lts},\"security\":false}}");
            var dir = Directory.CreateDirectory(Path.Combine(Root, "nodejs", "download", "release", $"v{v}")).FullName;
            var name = $"node-v{v}-linux-x64.tar.xz";
            var tar = Path.Combine(dir, $"node-v{v}-linux-x64.tar");
            WriteTar(tar, $"node-v{v}-linux-x64/", [("bin/node", $"#!/bin/sh\necho \"v{v}\"\n", true), ("bin/npm", "#!/bin/sh\necho npm 10.0.0\n", true),
                ("bin/npx", "#!/bin/sh\necho npx\n", true), ("README.md", "node\n", false)]);
            Run("xz", "-z", "-T1", "-0", tar);
            var sums = $"{Hash(Path.Combine(dir, name))}  {name}\n{new string('0', 64)}  node-v{v}-darwin-arm64.tar.gz\n";
            File.WriteAllText(Path.Combine(dir, "SHASUMS256.txt"), sums);
        }
        File.WriteAllText(Path.Combine(Root, "nodejs", "download", "release", "index.json"), index.Append(']').ToString());
    }

    private void WriteGo()
    {
        var dir = Directory.CreateDirectory(Path.Combine(Root, "google", "go")).FullName;
        foreach (var v in GoVersions)
        {
            var file = Path.Combine(dir, $"go{v}.linux-amd64.tar.gz");
            using (var stream = File.Create(file))
            using (var gzip = new GZipStream(stream, CompressionLevel.Fastest))
                WriteEntries(gzip, "go/", [("bin/go", $"#!/bin/sh\necho \"go version go{v} linux/amd64\"\n", true), ("bin/gofmt", "#!/bin/sh\necho gofmt\n", true), ("VERSION", $"go{v}\n", false)]);
            File.WriteAllText(file + ".sha256", Hash(file));
        }
    }

    private static string WriteGoRepository(string path)
    {
        var work = path + ".work";
        Directory.CreateDirectory(work);
        Run("git", "-C", work, "init", "-q");
        File.WriteAllText(Path.Combine(work, "VERSION"), "go\n");
        Run("git", "-C", work, "add", ".");
        Run("git", "-C", work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "go");
        foreach (var v in GoVersions) Run("git", "-C", work, "tag", "go" + v);
        Run("git", "-C", work, "tag", "weekly.2012-03-27");
        Run("git", "clone", "-q", "--bare", work, path);
        return path;
    }

    private static void WriteTar(string path, string prefix, (string Name, string Text, bool Exe)[] files)
    {
        using var stream = File.Create(path);
        WriteEntries(stream, prefix, files);
    }

    private static void WriteEntries(Stream stream, string prefix, (string Name, string Text, bool Exe)[] files)
    {
        using var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var (name, text, exe) in files)
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, prefix + name)
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
                Mode = exe ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100,
            });
    }

    public static string Hash(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var err = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {err}");
    }

    public void Dispose() => Server.Dispose();
}
