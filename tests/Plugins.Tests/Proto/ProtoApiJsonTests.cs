using System.Text;
using System.Text.Json;
using PluginHost.Plugins.Proto.Api;

namespace PluginHost.Plugins.Tests.Proto;

public sealed class ProtoApiJsonTests
{
    private static readonly VirtualPath Tool = new("/proto/tools/node/20.1.0", "/proto", "/data/proto");

    private static string Json<T>(T value) => Encoding.UTF8.GetString(ProtoJson.Serialize(value));

    [Fact]
    public void InputsAreSnakeCaseWithVirtualPathObjects()
    {
        var input = new DownloadPrebuiltInput
        {
            Context = new PluginContext { TempDir = new VirtualPath("/temp/node", "/temp", "/data/temp"), ToolDir = Tool, Version = "20.1.0", WorkingDir = new VirtualPath("/cwd", "/cwd", "/ws") },
            InstallDir = Tool,
        };
        Assert.Equal(
            "{\"context\":{\"temp_dir\":{\"path\":\"/temp/node\",\"virtual_prefix\":\"/temp\",\"real_prefix\":\"/data/temp\"}," +
            "\"tool_dir\":{\"path\":\"/proto/tools/node/20.1.0\",\"virtual_prefix\":\"/proto\",\"real_prefix\":\"/data/proto\"}," +
            "\"version\":\"20.1.0\",\"working_dir\":{\"path\":\"/cwd\",\"virtual_prefix\":\"/cwd\",\"real_prefix\":\"/ws\"}}," +
            "\"install_dir\":{\"path\":\"/proto/tools/node/20.1.0\",\"virtual_prefix\":\"/proto\",\"real_prefix\":\"/data/proto\"}}",
            Json(input));
    }

    [Fact]
    public void HookAndVerifyInputsCarryEveryField()
    {
        var context = new PluginContext { TempDir = new VirtualPath("/tmp/x"), ToolDir = Tool, Version = "1.0.0", WorkingDir = new VirtualPath("/w") };
        using var hook = JsonDocument.Parse(Json(new InstallHook { Context = context }));
        Assert.Equal(["context", "forced", "passthrough_args", "pinned", "quiet"], hook.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("/tmp/x", hook.RootElement.GetProperty("context").GetProperty("temp_dir").GetString());
        using var verify = JsonDocument.Parse(Json(new VerifyChecksumInput { Context = context, ChecksumFile = Tool, DownloadFile = Tool, DownloadChecksum = "sha256:ab" }));
        Assert.Equal(["context", "checksum_file", "download_checksum", "download_file"], verify.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void OutputsIgnoreUnknownFields()
    {
        var output = ProtoJson.Deserialize<DownloadPrebuiltOutput>(Encoding.UTF8.GetBytes(
            "{\"download_url\":\"https://x/a.tgz\",\"archive_prefix\":\"a-1\",\"checksum_url\":\"https://x/SHASUMS256.txt\",\"checksum\":\"minisign:RWabc\"," +
            "\"http_headers\":{\"Accept\":\"*/*\"},\"post_script_args\":[\"x\"],\"brand_new\":{\"nested\":[1,2,3]}}"));
        Assert.Equal("https://x/a.tgz", output.DownloadUrl);
        Assert.Equal("a-1", output.ArchivePrefix);
        Assert.Equal("minisign:RWabc", output.Checksum);
        Assert.Equal("*/*", output.HttpHeaders!["Accept"]);
        Assert.Null(output.DownloadName);
    }

    [Fact]
    public void MissingRequiredFieldIsNamed()
    {
        var error = Assert.Throws<JsonException>(() => ProtoJson.Deserialize<DownloadPrebuiltOutput>(Encoding.UTF8.GetBytes("{\"archive_prefix\":\"x\"}")));
        Assert.StartsWith("invalid DownloadPrebuiltOutput JSON", error.Message);
        Assert.Contains("download_url", error.Message);
    }

    [Fact]
    public void WrongTypeIsReportedWithItsPath()
    {
        var error = Assert.Throws<JsonException>(() => ProtoJson.Deserialize<LoadVersionsOutput>(Encoding.UTF8.GetBytes("{\"versions\":[1,2]}")));
        Assert.StartsWith("invalid LoadVersionsOutput JSON at $.versions[0]", error.Message);
    }

    [Fact]
    public void LocateExecutablesReadsExeConfigs()
    {
        var output = ProtoJson.Deserialize<LocateExecutablesOutput>(Encoding.UTF8.GetBytes(
            "{\"exes\":{\"node\":{\"exe_path\":\"bin/node\",\"primary\":true,\"shim_before_args\":\"--x\"},\"npx\":{\"exe_path\":\"bin/npx\",\"no_bin\":true,\"parent_exe_name\":\"node\"}}," +
            "\"exes_dirs\":[\"bin\"],\"globals_lookup_dirs\":[\"$HOME/.npm/bin\"]}"));
        Assert.True(output.Exes["node"].Primary);
        Assert.Equal("bin/node", output.Exes["node"].ExePath);
        Assert.True(output.Exes["npx"].NoBin);
        Assert.Equal("node", output.Exes["npx"].ParentExeName);
        Assert.Equal(["bin"], output.ExesDirs);
    }

    [Fact]
    public void VirtualPathsReadStringsObjectsAndShortKeys()
    {
        Assert.Equal(new VirtualPath("/plain"), JsonSerializer.Deserialize<VirtualPath>("\"/plain\"", ProtoJson.Options));
        var full = JsonSerializer.Deserialize<VirtualPath>("{\"path\":\"/proto/a\",\"v\":\"/proto\",\"r\":\"/data/p\",\"extra\":{}}", ProtoJson.Options)!;
        Assert.Equal(new VirtualPath("/proto/a", "/proto", "/data/p"), full);
        Assert.Equal(Path.Join("/data/p", "a"), full.RealPath);
        Assert.Equal("/data/p", new VirtualPath("/proto", "/proto", "/data/p").RealPath);
        Assert.Null(new VirtualPath("/other/a", "/proto", "/data/p").RealPath);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<VirtualPath>("{\"v\":\"/proto\"}", ProtoJson.Options));
        Assert.Equal("\"/plain\"", JsonSerializer.Serialize(new VirtualPath("/plain"), ProtoJson.Options));
    }

    [Fact]
    public void HostEnvironmentDescribesThisMachine()
    {
        var env = HostEnvironment.Current(new VirtualPath("/userhome", "/userhome", "/h"), null);
        using var doc = JsonDocument.Parse(Json(env));
        Assert.Equal(["arch", "ci", "libc", "os", "home_dir"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("linux", doc.RootElement.GetProperty("os").GetString());
        Assert.Contains(doc.RootElement.GetProperty("arch").GetString(), new[] { "x64", "arm64" });
        Assert.Contains(doc.RootElement.GetProperty("libc").GetString(), new[] { "gnu", "musl" });
    }
}
