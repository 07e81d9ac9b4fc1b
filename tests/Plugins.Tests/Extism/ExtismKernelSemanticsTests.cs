using static PluginHost.Tests.Common.TestRepo;
using System.Text;
using PluginHost.Plugins.Extism;
using PluginHost.Tests.Common;
using PluginHost.Plugins.Tests.TestSupport;
using Wasmtime;

namespace PluginHost.Plugins.Tests.Extism;

/// <summary>Kernel behaviour Extism's own tests expect of its test plugins (#13 items 2, 3, 6, 7).</summary>
public sealed class ExtismKernelSemanticsTests
{
    private static ExtismPlugin Real(string file) =>
        new(TestModules.Engine, TestModules.FromFile(SharedData("real-plugins", "extism", file)), new ExtismManifest(), name: file);

    [SharedDataTheory("real-plugins", "extism")]
    [InlineData("empty.wasm", "test", "")]
    [InlineData("consume.wasm", "consume", "some input that is consumed")]
    public void Functions_returning_nothing_give_an_empty_output(string file, string function, string input)
    {
        using var plugin = Real(file);
        Assert.Empty(plugin.Call(function, Encoding.UTF8.GetBytes(input)));
    }

    [SharedDataFact("real-plugins", "extism")]
    public void Echo_returns_its_input_including_the_empty_one()
    {
        using var plugin = Real("echo.wasm");
        Assert.Equal("hello, world", Encoding.UTF8.GetString(plugin.Call("echo", "hello, world"u8)));
        Assert.Empty(plugin.Call("echo", []));
    }

    [SharedDataFact("real-plugins", "extism")]
    public void The_allocations_plugin_runs()
    {
        using var plugin = Real("allocations.wasm");
        plugin.Call("allocations", []);
    }

    /// <summary>As Extism's test_memory_max: memory.max_pages counts what the plugin and the kernel grow after
    /// instantiation (code.wasm starts with 17 pages, so even 1 page instantiates); 128 KiB of input through count_vowels
    /// fails with "oom" at the call when the budget is too small and succeeds at 17. (Extism's own kernel is a wasm
    /// module that grows in larger steps, so its threshold is 16/17; ours, a host-side heap, is 8/9.)</summary>
    [SharedDataTheory("real-plugins", "extism")]
    [InlineData(1u, false)]
    [InlineData(8u, false)]
    [InlineData(17u, true)]
    [InlineData(null, true)]
    public void The_memory_limit_counts_pages_grown_after_instantiation(uint? pages, bool succeeds)
    {
        using var plugin = new ExtismPlugin(TestModules.Engine, TestModules.FromFile(SharedData("real-plugins", "extism", "code.wasm")),
            new ExtismManifest { MaxMemoryPages = pages }, name: "code.wasm");
        var input = Encoding.UTF8.GetBytes(new string('a', 65536 * 2));
        if (succeeds) Assert.Contains("\"count\":131072", Encoding.UTF8.GetString(plugin.Call("count_vowels", input)));
        else
        {
            var e = Assert.Throws<ExtismCallException>(() => plugin.Call("count_vowels", input));
            Assert.Equal("count_vowels", e.Function);
            Assert.Contains("oom", e.Message);
        }
    }

    [Fact]
    public void Allocation_reuses_freed_blocks_best_fit_and_zero_length_is_handle_0()
    {
        var memory = new KernelMemory();
        Assert.Equal(0, memory.Alloc(0));
        var handles = Enumerable.Range(0, 10_000).Select(i => memory.Alloc(16 + i % 64)).ToList();
        Assert.DoesNotContain(0L, handles);
        Assert.Equal(handles.Count, handles.Distinct().Count());
        var top = memory.Size;
        memory.Free(handles[100]); // 16 + 36 = 52 bytes
        memory.Free(handles[5]);   // 21 bytes
        Assert.Equal(handles[5], memory.Alloc(20));
        Assert.Equal(20, memory.Length(handles[5]));
        Assert.Equal(handles[100], memory.Alloc(40));
        Assert.Equal(top, memory.Size);
        memory.Free(handles[5]);
        memory.Free(handles[5]);
        Assert.Equal(handles[5], memory.Alloc(21));
        Assert.NotEqual(handles[5], memory.Alloc(21));
    }

    [Fact]
    public void An_empty_range_is_an_empty_slice_anywhere()
    {
        var memory = new KernelMemory();
        Assert.True(memory.Slice(0, 0).IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.Slice(0, 4).ToArray());
    }

    [Fact]
    public void A_kernel_function_failing_inside_a_call_is_one_plugin_call_error()
    {
        // output_set with a range outside the kernel heap: the kernel throws inside the call.
        var wasm = Wasmtime.Module.ConvertText("""
            (module (import "extism:host/env" "output_set" (func $o (param i64 i64)))
              (memory (export "memory") 1)
              (func (export "bad") (result i32) (call $o (i64.const 5) (i64.const 100)) (i32.const 0)))
            """).ToArray();
        using var plugin = new ExtismPlugin(TestModules.Engine, TestModules.FromBytes(wasm), new ExtismManifest(), name: "badout");
        var e = Assert.Throws<ExtismCallException>(() => plugin.Call("bad", []));
        Assert.Equal("bad", e.Function);
        Assert.Contains("out of bounds", e.Message);
    }

    [Fact]
    public void A_pre_1_0_plugin_gets_a_clear_message()
    {
        var wasm = Wasmtime.Module.ConvertText("""
            (module (import "env" "extism_input_length" (func (result i64)))
              (memory (export "memory") 1)
              (func (export "run") (result i32) (i32.const 0)))
            """).ToArray();
        var e = Assert.Throws<ExtismCallException>(() => new ExtismPlugin(TestModules.Engine, TestModules.FromBytes(wasm), new ExtismManifest(), name: "old"));
        Assert.Contains("plugin 'old' uses the pre-1.0 Extism interface", e.Message);
        Assert.Contains("which is not supported", e.Message);
    }
}

public sealed class ExtismHttpHeadersTests
{
    /// <summary>run(): copies the request JSON (input) into a kernel block, calls http_request, then sets the output to
    /// the http_headers handle's bytes (empty when it is 0).</summary>
    private const string Wat = """
        (module
          (import "extism:host/env" "input_offset" (func $in (result i64)))
          (import "extism:host/env" "input_length" (func $inlen (result i64)))
          (import "extism:host/env" "http_request" (func $req (param i64 i64) (result i64)))
          (import "extism:host/env" "http_headers" (func $hdr (result i64)))
          (import "extism:host/env" "length" (func $len (param i64) (result i64)))
          (import "extism:host/env" "output_set" (func $out (param i64 i64)))
          (memory (export "memory") 1)
          (func (export "run") (result i32) (local $h i64)
            (drop (call $req (call $in) (i64.const 0)))
            (local.set $h (call $hdr))
            (call $out (local.get $h) (call $len (local.get $h)))
            (i32.const 0)))
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Response_headers_can_be_switched_off(bool headers)
    {
        using var listener = new System.Net.HttpListener();
        var port = new Random().Next(20000, 60000);
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serve = Task.Run(async () =>
        {
            var ctx = await listener.GetContextAsync();
            ctx.Response.Headers.Add("X-Test", "yes");
            ctx.Response.Close();
        });
        using var http = new HttpClient();
        var manifest = new ExtismManifest { AllowedHosts = ["127.0.0.1"], HttpResponseHeaders = headers };
        using var plugin = new ExtismPlugin(TestModules.Engine, TestModules.FromText(Wat), manifest, http: http, name: "hdr");
        var output = Encoding.UTF8.GetString(plugin.Call("run", Encoding.UTF8.GetBytes($"{{\"url\":\"http://127.0.0.1:{port}/\",\"method\":\"GET\",\"headers\":{{}}}}")));
        await serve;
        if (headers) Assert.Contains("\"x-test\":\"yes\"", output);
        else Assert.Equal("", output);
    }
}

/// <summary>Multi-module plugins as in rust-pdk's host_function test: a second module named extism:host/user provides
/// the plugin's host function, sharing the kernel (inputs and outputs pass as kernel handles).</summary>
public sealed class ExtismLinkedModuleTests
{
    [SharedDataFact("real-plugins", "extism")]
    public void A_module_linked_as_extism_host_user_provides_the_host_function()
    {
        var host = TestModules.FromFile(SharedData("real-plugins", "extism", "rust-pdk-host_function_host.wasm"));
        using var plugin = new ExtismPlugin(TestModules.Engine, TestModules.FromFile(SharedData("real-plugins", "extism", "rust-pdk-host_function.wasm")),
            new ExtismManifest(), name: "host_function", linked: [(ExtismPlugin.UserModule, host)]);
        // count_vowels counts 4 and passes {"count":4} to hello_world; the host module's hello_world multiplies it by 10.
        Assert.Equal("{\"count\":40}", Encoding.UTF8.GetString(plugin.Call("count_vowels", "this is a test"u8)));
        Assert.Equal("{\"count\":0}", Encoding.UTF8.GetString(plugin.Call("count_vowels", "xyz"u8)));
    }

    [SharedDataFact("real-plugins", "extism")]
    public void Without_the_linked_module_the_missing_import_is_named()
    {
        var e = Assert.Throws<ExtismCallException>(() => new ExtismPlugin(TestModules.Engine,
            TestModules.FromFile(SharedData("real-plugins", "extism", "rust-pdk-host_function.wasm")), new ExtismManifest(), name: "host_function"));
        Assert.Contains("extism:host/user", e.Message);
        Assert.Contains("hello_world", e.Message);
    }
}
