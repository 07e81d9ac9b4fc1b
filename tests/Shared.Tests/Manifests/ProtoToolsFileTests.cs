using PluginHost.Shared.Manifests;

namespace PluginHost.Shared.Tests.Manifests;

/// <summary>.prototools: tool pins, plugin locators, settings, and errors naming file and key.</summary>
public sealed class ProtoToolsFileTests
{
    private const string Pin = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
    private const string PinLower = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Fact]
    public void Reads_tools_plugins_and_settings_in_file_order()
    {
        var file = ProtoToolsFile.Parse($$"""
            node = "20.10.0"
            bun = " latest "

            [plugins]
            local = "file://./plugins/local_tool.wasm"
            pinned = "https://plugins.example.com/pinned.wasm#sha256={{Pin}}"
            table = { url = "https://plugins.example.com/table.wasm", sha256 = "{{Pin}}" }
            gh = "github://moonrepo/plugins/node-tool@v1.2.3"
            latest = { url = "github://acme/deno-plugin", sha256 = "{{Pin}}" }

            [settings]
            auto-install = true
            github-mirror = "https://mirror.example.org/gh/"

            [settings.url-rewrites]
            "^https://plugins\\.example\\.com/(.*)$" = "https://cache.internal/$1"
            "cache\\.internal" = "cache2.internal"

            [settings.http]
            timeout-seconds = 12.5
            connect-timeout-seconds = 3
            retries = 0
            allow-invalid-certs = true

            [tools.node]
            bundled-npm = true
            """, "/work/project/.prototools");

        Assert.Equal([new ProtoToolVersion("node", "20.10.0"), new ProtoToolVersion("bun", "latest")], file.Tools);
        Assert.Equal("20.10.0", file.VersionOf("node"));
        Assert.Null(file.VersionOf("deno"));
        Assert.Equal(["local", "pinned", "table", "gh", "latest"], file.Plugins.Select(p => p.Id));

        var local = Assert.IsType<FilePluginLocator>(file.PluginFor("local")!.Locator);
        Assert.Equal("./plugins/local_tool.wasm", local.Path);
        Assert.Equal("/work/project/plugins/local_tool.wasm", local.FullPath);
        Assert.Null(local.Sha256);

        var pinned = Assert.IsType<UrlPluginLocator>(file.PluginFor("pinned")!.Locator);
        Assert.Equal("https://plugins.example.com/pinned.wasm", pinned.Url.AbsoluteUri);
        Assert.Equal(PinLower, pinned.Sha256);
        Assert.Equal(pinned with { Url = new Uri("https://plugins.example.com/table.wasm") }, file.PluginFor("table")!.Locator);

        var gh = Assert.IsType<GitHubPluginLocator>(file.PluginFor("gh")!.Locator);
        Assert.Equal(new GitHubPluginLocator("moonrepo", "plugins", "node-tool", "v1.2.3", null), gh);
        Assert.Equal("node_tool.wasm", gh.AssetName);

        var settings = file.Settings;
        Assert.Equal(new Uri("https://mirror.example.org/gh/"), settings.GitHubMirror);
        Assert.Equal(new Uri("https://mirror.example.org/gh/moonrepo/plugins/releases/download/v1.2.3/node_tool.wasm"), settings.ResolveDownloadUrl(gh));
        Assert.Equal(new Uri("https://mirror.example.org/gh/acme/deno-plugin/releases/latest/download/deno_plugin.wasm"),
            settings.ResolveDownloadUrl(file.PluginFor("latest")!.Locator));
        Assert.Equal(new Uri("https://cache2.internal/pinned.wasm"), settings.ResolveDownloadUrl(pinned));
        Assert.Null(settings.ResolveDownloadUrl(local));
        Assert.Equal(new ProtoHttpSettings(TimeSpan.FromSeconds(12.5), TimeSpan.FromSeconds(3), 0, true), settings.Http);
    }

    [Fact]
    public void Defaults_apply_when_settings_are_absent()
    {
        var file = ProtoToolsFile.Parse("""
            [plugins]
            gh = "github://acme/tool"
            """, "p/.prototools");
        Assert.Empty(file.Tools);
        Assert.Equal(ProtoHttpSettings.Default, file.Settings.Http);
        Assert.Equal(new Uri("https://github.com/acme/tool/releases/latest/download/tool.wasm"),
            file.Settings.ResolveDownloadUrl(file.Plugins[0].Locator));
    }

    [Fact]
    public async Task Load_resolves_relative_file_locators_against_the_file_folder()
    {
        var dir = Directory.CreateTempSubdirectory("prototools-");
        try
        {
            var path = Path.Combine(dir.FullName, ".prototools");
            await File.WriteAllTextAsync(path, "[plugins]\nmine = \"file://../shared/mine.wasm\"\nabs = \"file:///opt/abs.wasm\"\n");
            var file = await ProtoToolsFile.LoadAsync(path);
            Assert.Equal(path, file.FileName);
            Assert.Equal(Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "mine.wasm")),
                Assert.IsType<FilePluginLocator>(file.Plugins[0].Locator).FullPath);
            Assert.Equal("/opt/abs.wasm", Assert.IsType<FilePluginLocator>(ProtoToolsFile.Load(path).Plugins[1].Locator).FullPath);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Plain_http_is_accepted_only_for_loopback()
    {
        var file = ProtoToolsFile.Parse($"[plugins]\nt = \"http://127.0.0.1:8080/t.wasm#sha256={Pin}\"", ".prototools");
        Assert.Equal("http://127.0.0.1:8080/t.wasm", Assert.IsType<UrlPluginLocator>(file.Plugins[0].Locator).Url.AbsoluteUri);
        var error = Assert.Throws<ProtoToolsException>(() =>
            ProtoToolsFile.Parse($"[plugins]\nt = \"http://example.com/t.wasm#sha256={Pin}\"", ".prototools"));
        Assert.Equal("plugins.t", error.Key);
        Assert.Contains("expected https://", error.Reason);
    }

    [Theory]
    [InlineData("[plugins]\nx = \"https://h.example/x.wasm\"", "plugins.x", "a URL plugin must be pinned")]
    [InlineData("[plugins]\nx = \"https://h.example/x.wasm#sha256=abc\"", "plugins.x", "expected a SHA-256 of 64 hex digits, found 'abc'")]
    [InlineData("[plugins]\nx = { url = \"https://h.example/x.wasm\", sha256 = 5 }", "plugins.x.sha256", "expected a SHA-256 hex string, found the integer 5")]
    [InlineData("[plugins]\nx = { sha256 = \"00\" }", "plugins.x.url", "missing; expected the plugin locator URL")]
    [InlineData("[plugins]\nx = { url = \"file://a.wasm\", hash = \"00\" }", "plugins.x.hash", "unknown key")]
    [InlineData("[plugins]\nx = \"npm://thing\"", "plugins.x", "unsupported plugin locator 'npm://thing'")]
    [InlineData("[plugins]\nx = \"github://only-owner\"", "plugins.x", "expected github://owner/repo")]
    [InlineData("[plugins]\nx = 3", "plugins.x", "expected a locator string")]
    [InlineData("node = 20", "node", "expected a version string such as \"20.1.0\" or \"latest\", found the integer 20")]
    [InlineData("node = \"  \"", "node", "found an empty string")]
    [InlineData("\"no de\" = \"1\"", "no de", "is not a valid tool id")]
    [InlineData("[toolz]\nnode = \"1\"", "toolz", "unknown section")]
    [InlineData("[settings.url-rewrites]\n\"(unclosed\" = \"x\"", "settings.url-rewrites.\"(unclosed\"", "not a valid regular expression")]
    [InlineData("[settings.url-rewrites]\n\"a\" = 1", "settings.url-rewrites.\"a\"", "expected a replacement string")]
    [InlineData("[settings.http]\nretries = -1", "settings.http.retries", "expected 0 to 100 retries, found -1")]
    [InlineData("[settings.http]\nretries = \"3\"", "settings.http.retries", "expected an integer number of retries")]
    [InlineData("[settings.http]\ntimeout-seconds = 0", "settings.http.timeout-seconds", "between 0 (exclusive) and 86400")]
    [InlineData("[settings.http]\ntimeout = 5", "settings.http.timeout", "unknown HTTP setting; expected one of timeout-seconds")]
    [InlineData("[settings.http]\nallow-invalid-certs = \"yes\"", "settings.http.allow-invalid-certs", "expected true or false")]
    [InlineData("[settings]\ngithub-mirror = \"ftp://m\"", "settings.github-mirror", "expected an https:// base URL")]
    [InlineData("settings = 1", "settings", "expected a table, found the integer 1")]
    [InlineData("[plugins]\nx = \"github://a/b\"\n[settings.url-rewrites]\n\"^https://\" = \"\"", "plugins.x", "which is not an absolute http(s) URL")]
    public void Bad_entries_name_the_file_the_key_and_what_was_expected(string text, string key, string expected)
    {
        var error = Assert.Throws<ProtoToolsException>(() => ProtoToolsFile.Parse(text, "proj/.prototools"));
        Assert.Equal("proj/.prototools", error.FileName);
        Assert.Equal(key, error.Key);
        Assert.Contains(expected, error.Reason);
        Assert.StartsWith($"proj/.prototools: {key}: ", error.Message);
    }

    [Fact]
    public void Tool_tables_are_kept_as_the_tools_config_json()
    {
        var file = ProtoToolsFile.Parse("""
            demo = "1.2.5"
            [tools.demo]
            base_url = "file://."
            retries = 3
            ratio = 0.5
            flags = [true, "x"]
            [tools.demo.nested]
            key = "v"
            [tools.other]
            """, "p/.prototools");

        Assert.Equal("""{"base_url":"file://.","retries":3,"ratio":0.5,"flags":[true,"x"],"nested":{"key":"v"}}""", file.ToolConfigs["demo"]);
        Assert.Equal("{}", file.ToolConfigs["other"]);
    }

    [Fact]
    public void A_tools_entry_that_is_not_a_table_names_its_key()
    {
        var error = Assert.Throws<ProtoToolsException>(() => ProtoToolsFile.Parse("[tools]\ndemo = \"x\"\n", "p/.prototools"));
        Assert.Equal("tools.demo", error.Key);
    }

    [Fact]
    public void A_pin_given_twice_is_rejected()
    {
        var error = Assert.Throws<ProtoToolsException>(() => ProtoToolsFile.Parse(
            $"[plugins]\nx = {{ url = \"https://h.example/x.wasm#sha256={Pin}\", sha256 = \"{Pin}\" }}", ".prototools"));
        Assert.Contains("given twice", error.Reason);
    }

    [Fact]
    public void TOML_syntax_errors_carry_file_line_and_column()
    {
        var error = Assert.Throws<ProtoToolsException>(() => ProtoToolsFile.Parse("node = \"20\"\n[plugins\n", "x/.prototools"));
        Assert.Null(error.Key);
        Assert.StartsWith("x/.prototools: invalid TOML at line 2, column 9: ", error.Message);
        Assert.Contains("]", error.Reason);
    }

    [Fact]
    public void A_duplicate_key_names_its_line()
    {
        var error = Assert.Throws<ProtoToolsException>(() => ProtoToolsFile.Parse("node = \"20\"\nnode = \"22\"\n", ".prototools"));
        Assert.StartsWith(".prototools: invalid TOML at line 2, column 1: ", error.Message);
    }

    [Fact]
    public void A_table_defined_twice_names_the_second_header()
    {
        var error = Assert.Throws<ProtoToolsException>(() => ProtoToolsFile.Parse("[plugins]\nx = \"file://a.wasm\"\n\n[plugins]\n", ".prototools"));
        Assert.StartsWith(".prototools: invalid TOML at line 4, column ", error.Message);
    }

    [Fact]
    public async Task Invalid_UTF8_names_the_file_line_and_byte()
    {
        var dir = Directory.CreateTempSubdirectory("prototools-");
        var path = Path.Combine(dir.FullName, ".prototools");
        await File.WriteAllBytesAsync(path, [.. "node = \"20\"\nx = \""u8, 0xC3, 0x28, .. "\"\n"u8]);
        var error = await Assert.ThrowsAsync<ProtoToolsException>(() => ProtoToolsFile.LoadAsync(path));
        dir.Delete(recursive: true);
        Assert.Equal($"{path}: invalid TOML at line 2, column 6: invalid UTF-8 byte sequence at byte offset 17; TOML files must be valid UTF-8", error.Message);
    }

    [Fact]
    public void A_BOM_is_skipped_and_arrays_of_tables_are_kept_in_tool_config()
    {
        var file = ProtoToolsFile.Parse("\uFEFFnode = \"20\"\n[[tools.node.mirrors]]\nn = 1\n[[tools.node.mirrors]]\nn = 2\n", ".prototools");
        Assert.Equal("20", file.VersionOf("node"));
        Assert.Equal("{\"mirrors\":[{\"n\":1},{\"n\":2}]}", file.ToolConfigs["node"]);
    }

    [Fact]
    public void Deep_nesting_is_one_clear_error_not_a_stack_overflow()
    {
        var error = Assert.Throws<ProtoToolsException>(() => ProtoToolsFile.Parse("a = " + new string('[', 100_000) + new string(']', 100_000), ".prototools"));
        Assert.StartsWith(".prototools: invalid TOML at line 1, column ", error.Message);
        Assert.Throws<ProtoToolsException>(() => ProtoToolsFile.Parse("a = " + string.Concat(Enumerable.Repeat("{b=", 100_000)), ".prototools"));
    }
}
