using PluginHost.Shared.Manifests.Icp;
using Xunit;

namespace PluginHost.Shared.Tests.Manifests.Icp;

/// <summary>icp.yaml parsing: the accepted shapes and the errors for bad input.</summary>
public sealed class IcpManifestReaderTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static IcpManifestException Bad(string yaml) =>
        Assert.Throws<IcpManifestException>(() => IcpManifestReader.Parse(yaml, "proj/icp.yaml"));

    [Fact]
    public void Full_project_parses()
    {
        var p = IcpManifestReader.Parse($$"""
            canisters:
              - name: backend
                dir: be
                sync:
                  steps:
                    - type: plugin
                      path: p.wasm
                      dirs: [assets, www/static]
                      files: [a.json]
                      fields: { mode: dirs }
                      canisters: [ledger]
                    - type: plugin
                      url: https://example.com/p.wasm
                      sha256: {{Sha}}
                      files: { cfg: conf/app.json }
                    - type: script
                      command: echo hi
              - name: ledger
                sync:
                  - type: script
                    command: "true"
            environments:
              - name: local
                network: local
                canisters: { backend: aaaaa-aa, ledger: ryjl3-tyaaa-aaaaa-aaaba-cai }
              - name: ic
            """, "icp.yaml");
        Assert.Equal(["backend", "ledger"], p.Canisters.Select(c => c.Name));
        var be = p.Canisters[0];
        Assert.Equal("be", be.Dir);
        Assert.Equal(".", p.Canisters[1].Dir);
        var s0 = Assert.IsType<IcpPluginStep>(be.Steps[0]);
        Assert.Equal(("p.wasm", 0), (s0.Path, s0.Index));
        Assert.Equal(["assets", "www/static"], s0.Dirs);
        Assert.Equal([new IcpFileEntry("a.json", "a.json")], s0.Files);
        Assert.Equal("dirs", s0.Fields["mode"]);
        Assert.Equal(["ledger"], s0.Canisters);
        var s1 = Assert.IsType<IcpPluginStep>(be.Steps[1]);
        Assert.Equal(("https://example.com/p.wasm", Sha), (s1.Url, s1.Sha256));
        Assert.Equal([new IcpFileEntry("cfg", "conf/app.json")], s1.Files);
        Assert.Equal("echo hi", Assert.IsType<IcpScriptStep>(be.Steps[2]).Command);
        Assert.Equal("true", Assert.IsType<IcpScriptStep>(p.Canisters[1].Steps[0]).Command);
        Assert.Equal("ryjl3-tyaaa-aaaaa-aaaba-cai", p.Environments[0].CanisterIds["ledger"]);
        Assert.Equal("ic", p.Environments[1].Network);
    }

    [Theory]
    [InlineData("canisters: [{ name: a, sync: { steps: [{ type: plugin, url: 'https://x/p.wasm' }] } }]", "canister `a`: sync step 0: `sha256` is required")]
    [InlineData("canisters: [{ name: a, sync: { steps: [{ type: plugin, url: 'https://x/p.wasm', sha256: ABC }] } }]", "`sha256` must be 64 lowercase hex")]
    [InlineData("canisters: [{ name: a, sync: { steps: [{ type: plugin, url: 'https://x/p.wasm', sha256: 0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef }] } }]", "`sha256` must be 64 lowercase hex")]
    [InlineData("canisters: [{ name: a, sync: { steps: [{ type: plugin }] } }]", "sync step 0: exactly one of `path` or `url`")]
    [InlineData("canisters: [{ name: a, sync: { steps: [{ type: plugin, path: p, url: 'https://x' }] } }]", "exactly one of `path` or `url`")]
    [InlineData("canisters: [{ name: a, sync: { steps: [{ type: script, command: x }, { type: shell }] } }]", "canister `a`: sync step 1: `type` `shell` is not supported")]
    [InlineData("canisters: [{ name: a, sync: { steps: [{ type: script }] } }]", "`command` is required")]
    [InlineData("canisters: [{ name: a, sync: { steps: [{ command: x }] } }]", "`type` is required")]
    [InlineData("canisters: [{ name: a, sync: { steps: [{ type: plugin, path: p, dirs: 3 }] } }]", "`dirs` must be a list of paths or a map")]
    [InlineData("canisters: [{ name: a, sync: { steps: [{ type: plugin, path: p, colour: red }] } }]", "unknown field `colour`")]
    [InlineData("canisters: [{ name: a, sync: { steps: [{ type: plugin, path: p, canisters: [b] }] } }]", "`canisters`: `b` is not a canister of this project")]
    [InlineData("canisters: [{ name: a, sync: { steps: [{ type: plugin, path: p, files: { mode: m.txt }, fields: { mode: x } }] } }]", "sync step 0: `fields.mode` has the name of a `files` entry")]
    [InlineData("canisters: [{ name: a, sync: { steps: [{ type: plugin, path: p, files: [mode], fields: { mode: x } }] } }]", "`fields.mode` has the name of a `files` entry")]
    [InlineData("canisters: [{ dir: x }]", "canister 0: `name` is required")]
    [InlineData("canisters: [{ name: 'a b' }]", "must be letters, digits")]
    [InlineData("canisters: [{ name: a }, { name: a }]", "canister `a` is declared twice")]
    [InlineData("canisters: [{ name: a, dir: ../out }]", "`dir` `../out` must be a relative path")]
    [InlineData("canisters: [{ name: a }]\nenvironments: [{ name: local, canisters: { b: aaaaa-aa } }]", "environment `local`: `canisters`: `b` is not a canister")]
    [InlineData("canisters: [{ name: a }]\nenvironments: [{ network: local }]", "environment: `name` is required")]
    [InlineData("canisters: { name: a }", "`canisters` must be a list")]
    [InlineData("canisters: [ { name: a", "invalid YAML")]
    [InlineData("canisters:\n  a: [b\nc: :", "invalid YAML")]
    public void Bad_input_is_named(string yaml, string expected)
    {
        var e = Bad(yaml);
        Assert.StartsWith("proj/icp.yaml:", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Errors_name_the_line()
    {
        var e = Bad("canisters:\n  - name: a\n    sync:\n      steps:\n        - type: nope\n");
        Assert.StartsWith("proj/icp.yaml:5:", e.Message);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var e = Assert.Throws<IcpManifestException>(() => IcpManifestReader.ReadFile("/nonexistent/icp.yaml"));
        Assert.Contains("/nonexistent/icp.yaml: not found", e.Message);
    }
}
