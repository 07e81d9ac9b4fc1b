using PluginHost.Plugins.Icp;
using PluginHost.Plugins.Tests.TestSupport;
using Xunit;

namespace PluginHost.Plugins.Tests.Icp;

/// <summary>Version detection, sandbox paths, output lines, compute limit parsing and proxy encoding.</summary>
public sealed class SyncRulesTests
{
    [Theory]
    [InlineData("icp:sync-plugin/types@0.1.0", SyncWorldVersion.V0_1)]
    [InlineData("icp:sync-plugin/types@0.1.7", SyncWorldVersion.V0_1)]
    [InlineData("icp:sync-plugin/types@0.2.0", SyncWorldVersion.V0_2)]
    [InlineData("icp:sync-plugin/types@0.2.13", SyncWorldVersion.V0_2)]
    public void Supported_versions_are_detected(string import, SyncWorldVersion expected) =>
        Assert.Equal(expected, SyncWorldVersions.Detect(["wasi:cli/stdout@0.2.0", import, "canister-call"], "p.wasm"));

    [Theory]
    [InlineData("icp:sync-plugin/types@0.3.0")]
    [InlineData("icp:sync-plugin/types@1.0.0")]
    [InlineData("icp:sync-plugin/types@0.2.0-rc1")]
    public void Other_versions_are_refused_listing_the_supported_ones(string import)
    {
        var e = Assert.Throws<SyncPluginException>(() => SyncWorldVersions.Detect([import], "p.wasm"));
        Assert.Contains("p.wasm", e.Message);
        Assert.Contains("0.1.x, 0.2.x", e.Message);
    }

    [Fact]
    public void A_component_without_the_types_import_is_refused()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Fixtures.RepoRoot, "tests", "fixtures", "components", "hello-command.wasm"));
        var e = Assert.Throws<SyncPluginException>(() => IcpFixtures.Plugins.Get(bytes, "hello-command.wasm"));
        Assert.Contains("not an icp sync plugin", e.Message);
    }

    [Fact]
    public void A_core_module_is_refused()
    {
        var e = Assert.Throws<SyncPluginException>(() => IcpFixtures.Plugins.Get([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0], "core.wasm"));
        Assert.Equal("core.wasm: is a core module; icp sync plugins are components", e.Message);
    }

    [Theory]
    [InlineData("/etc", "relative")]
    [InlineData("../up", "`..`")]
    [InlineData("a/../../b", "`..`")]
    [InlineData("missing", "does not exist")]
    [InlineData("", "empty")]
    public void Bad_dirs_are_rejected(string entry, string why)
    {
        using var dir = new TempDir();
        var e = Assert.Throws<SyncPluginException>(() => SyncSandbox.ResolveDirs(dir.Path, [entry]));
        Assert.Contains(why, e.Message);
        Assert.StartsWith("dirs:", e.Message);
    }

    [Fact]
    public void A_symlink_anywhere_in_the_path_is_rejected()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("real", "inner"));
        Directory.CreateSymbolicLink(dir.Combine("link"), dir.Combine("real"));
        File.WriteAllText(dir.Combine("real", "f.txt"), "x");
        Assert.Contains("symlink", Assert.Throws<SyncPluginException>(() => SyncSandbox.ResolveDirs(dir.Path, ["link/inner"])).Message);
        Assert.Contains("symlink", Assert.Throws<SyncPluginException>(() => SyncSandbox.ResolveDirs(dir.Path, ["link"])).Message);
        Assert.Contains("symlink", Assert.Throws<SyncPluginException>(() => SyncSandbox.ReadFiles(dir.Path, ["link/f.txt"])).Message);
        Assert.Equal(["real/inner"], SyncSandbox.ResolveDirs(dir.Path, ["real/inner"]));
    }

    [Fact]
    public void Nested_and_duplicate_dirs_collapse_to_the_outermost()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("a", "b", "c"));
        Directory.CreateDirectory(dir.Combine("ab"));
        Assert.Equal(["a", "ab"], SyncSandbox.ResolveDirs(dir.Path, ["a/b/c", "a", "a/b", "./a/", "ab"]));
    }

    [Fact]
    public void Files_are_read_as_utf8_and_invalid_utf8_is_rejected()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("ok.txt"), "héllo");
        File.WriteAllBytes(dir.Combine("bad.bin"), [0xff, 0xfe]);
        Assert.Equal([("ok.txt", "héllo")], SyncSandbox.ReadFiles(dir.Path, ["ok.txt"]));
        Assert.Contains("not valid UTF-8", Assert.Throws<SyncPluginException>(() => SyncSandbox.ReadFiles(dir.Path, ["bad.bin"])).Message);
        Assert.Contains("does not exist", Assert.Throws<SyncPluginException>(() => SyncSandbox.ReadFiles(dir.Path, ["nope.txt"])).Message);
    }

    [Fact]
    public void Lines_split_on_newline_trim_cr_and_strip_ansi()
    {
        var lines = new List<string>();
        var o = new OutputLines("stderr", lines.Add);
        o.Write("one\r\n\u001b[31mred\u001b[0m tw"u8);
        o.Write("o\n\u001b]0;title\u0007three"u8);
        o.Complete();
        Assert.Equal(["one", "red two", "three"], lines);
    }

    [Fact]
    public void Output_past_the_cap_is_counted_and_reported_once()
    {
        var lines = new List<string>();
        var o = new OutputLines("stdout", lines.Add, cap: 10);
        o.Write("12345\n67890\nabc\n"u8);
        o.Complete();
        o.Complete();
        Assert.Equal(["12345", "6789", "... 6 bytes of stdout truncated"], lines);
        Assert.Equal(16, o.TotalBytes);
    }

    [Theory]
    [InlineData(null, 60)]
    [InlineData("", 60)]
    [InlineData("1", 1)]
    [InlineData("300", 300)]
    public void Compute_limit_parses(string? value, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ComputeLimit.Parse(value));

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("ten")]
    [InlineData(" 5")]
    [InlineData("99999999999")]
    public void Bad_compute_limits_are_rejected(string value)
    {
        var e = Assert.Throws<SyncPluginException>(() => ComputeLimit.Parse(value));
        Assert.Contains("ICP_CLI_PLUGIN_COMPUTE_LIMIT_SECS", e.Message);
        Assert.Contains(">= 1", e.Message);
    }

    [Fact]
    public void Principal_text_decodes_and_checks_the_crc()
    {
        Assert.Equal([0x04], Principal.Parse("2vxsx-fae"));   // the anonymous principal
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 1, 1, 1], Principal.Parse("rrkah-fqaaa-aaaaa-aaaaq-cai"));
        Assert.Throws<FormatException>(() => Principal.Parse("arkah-fqaaa-aaaaa-aaaaq-cai"));
    }

    [Fact]
    public void Proxy_arguments_are_candid_with_fields_in_hash_order()
    {
        var bytes = CandidProxyArgs.Encode("rrkah-fqaaa-aaaaa-aaaaq-cai", "set", [7], 1000);
        var expected = new List<byte>("DIDL"u8.ToArray());
        expected.AddRange([2, 0x6d, 0x7b, 0x6c, 4]);
        var fields = new (string Name, byte[] Type, byte[] Value)[]
        {
            ("canister_id", [0x68], [1, 10, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]),
            ("method", [0x71], [3, (byte)'s', (byte)'e', (byte)'t']),
            ("args", [0], [1, 7]),
            ("cycles", [0x7d], [0xe8, 0x07]),
        };
        var sorted = fields.OrderBy(f => CandidProxyArgs.Hash(f.Name)).ToArray();
        foreach (var f in sorted)
        {
            expected.AddRange(Leb(CandidProxyArgs.Hash(f.Name)));
            expected.AddRange(f.Type);
        }
        expected.AddRange([1, 1]);
        foreach (var f in sorted) expected.AddRange(f.Value);
        Assert.Equal(expected.ToArray(), bytes);
        Assert.Equal(5097222u, CandidProxyArgs.Hash("foo"));
    }

    private static IEnumerable<byte> Leb(uint v)
    {
        do
        {
            var b = (byte)(v & 0x7f);
            v >>= 7;
            yield return v != 0 ? (byte)(b | 0x80) : b;
        } while (v != 0);
    }
}
