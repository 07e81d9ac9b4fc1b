using PluginHost.Plugins.Icp;
using PluginHost.Tests.Common;

namespace PluginHost.Plugins.Tests.Icp;

/// <summary>Import names and binary kind read straight from component binaries (version detection without an engine).</summary>
public sealed class ComponentImportsTests
{
    [Theory]
    [InlineData("c/plugin-0.1.0.wasm", SyncWorldVersion.V0_1)]
    [InlineData("c/plugin-0.2.0.wasm", SyncWorldVersion.V0_2)]
    [InlineData("js/plugin-0.1.0.wasm", SyncWorldVersion.V0_1)]
    [InlineData("js/plugin-0.2.0.wasm", SyncWorldVersion.V0_2)]
    public void Every_icp_fixture_version_is_detected_from_its_imports(string fixture, SyncWorldVersion expected)
    {
        var names = ComponentImports.Read(File.ReadAllBytes(TestRepo.Fixture("icp", fixture)), fixture);
        Assert.Equal(expected, SyncWorldVersions.Detect(names, fixture));
    }

    [Fact]
    public void The_js_builds_import_wasi_http_which_must_become_traps()
    {
        var names = ComponentImports.Read(File.ReadAllBytes(TestRepo.Fixture("icp", "js/plugin-0.2.0.wasm")), "p");
        Assert.Contains(names, n => n.StartsWith("wasi:http/", StringComparison.Ordinal));
    }

    [Fact]
    public void A_core_module_is_one_line_naming_the_file()
    {
        var e = Assert.Throws<SyncPluginException>(() => ComponentImports.Read(new byte[] { 0, 0x61, 0x73, 0x6d, 1, 0, 0, 0 }, "x.wasm"));
        Assert.Equal("x.wasm: is a core module; icp sync plugins are components", e.Message);
    }

    [Fact]
    public void Not_wasm_and_truncated_are_one_line_each()
    {
        Assert.Contains("not a WebAssembly file", Assert.Throws<SyncPluginException>(() => ComponentImports.Read("hello"u8, "t.txt")).Message);
        var whole = File.ReadAllBytes(TestRepo.Fixture("icp", "c/plugin-0.2.0.wasm"));
        var e = Assert.Throws<SyncPluginException>(() => ComponentImports.Read(whole.AsSpan(0, whole.Length / 2), "half.wasm"));
        Assert.Equal("half.wasm: truncated component (ends inside a section)", e.Message);
    }

    [Theory]
    [InlineData("c/plugin-0.1.0.wasm")]
    [InlineData("c/plugin-0.2.0.wasm")]
    [InlineData("js/plugin-0.1.0.wasm")]
    [InlineData("js/plugin-0.2.0.wasm")]
    public void Reading_the_file_section_by_section_finds_the_same_imports(string fixture)
    {
        var path = TestRepo.Fixture("icp", fixture);
        Assert.Equal(ComponentImports.Read(File.ReadAllBytes(path), fixture), ComponentImports.ReadFile(path, fixture));
    }

    [Fact]
    public void Reading_a_truncated_core_or_text_file_is_one_line_each()
    {
        var dir = Directory.CreateTempSubdirectory("imports-").FullName;
        try
        {
            var whole = File.ReadAllBytes(TestRepo.Fixture("icp", "c/plugin-0.2.0.wasm"));
            var half = Path.Combine(dir, "half.wasm");
            File.WriteAllBytes(half, whole.AsSpan(0, whole.Length / 2).ToArray());
            Assert.Equal("half.wasm: truncated component (ends inside a section)",
                Assert.Throws<SyncPluginException>(() => ComponentImports.ReadFile(half, "half.wasm")).Message);
            var core = Path.Combine(dir, "core.wasm");
            File.WriteAllBytes(core, [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
            Assert.Equal("core.wasm: is a core module; icp sync plugins are components",
                Assert.Throws<SyncPluginException>(() => ComponentImports.ReadFile(core, "core.wasm")).Message);
            var text = Path.Combine(dir, "t.txt");
            File.WriteAllText(text, "hi");
            Assert.Contains("not a WebAssembly file", Assert.Throws<SyncPluginException>(() => ComponentImports.ReadFile(text, "t.txt")).Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
