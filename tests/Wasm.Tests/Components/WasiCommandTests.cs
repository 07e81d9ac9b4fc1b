using PluginHost.Wasm.Wasi;
using PluginHost.Wasm.Components;
using PluginHost.Wasm.Wasi2;

namespace PluginHost.Wasm.Tests.Components;

/// <summary>WASI 0.2 commands: C programs (tests/fixtures/wasi) wrapped by `jco new --wasi-command` with jco's preview1 adapter.</summary>
public class WasiCommandTests
{
    private static readonly string WasiFixtures = Path.Combine(Fixtures.RepoRoot, "tests", "fixtures", "wasi");

    /// <summary>Runs wasi:cli/run; returns the exit code (0 when run returns ok without calling exit).</summary>
    private static int Run(string fixture, Wasi2Config config, Store? store = null)
    {
        var wasi = new Wasi2Context(config);
        var instance = Fixtures.WasiLinker(wasi).Instantiate(store ?? new Store(Fixtures.Engine), Fixtures.Load(fixture));
        var run = instance.GetFunction("wasi:cli/run@0.2.0", "run") ?? throw new InvalidOperationException("no wasi:cli/run export");
        try
        {
            return run.Call()!.IsOk ? 0 : 1;
        }
        catch (Wasi2ExitException e)
        {
            return e.Code;
        }
    }

    [Fact]
    public void Hello_command_prints_to_stdout()
    {
        var stdout = OutputSink.Buffer("stdout");
        Assert.Equal(0, Run("hello-command.wasm", new Wasi2Config { Stdout = stdout }));
        Assert.Equal("hello\n", stdout.GetText());
    }

    [Fact]
    public void Walk_reads_a_read_only_preopened_tree()
    {
        var stdout = OutputSink.Buffer("stdout");
        var stderr = OutputSink.Buffer("stderr");
        var code = Run("c/walk.wasm", new Wasi2Config
        {
            Args = ["walk", "/data/tree"],
            Preopens = [new Wasi2Preopen(Path.Combine(WasiFixtures, "data"), "/data")],
            Stdout = stdout,
            Stderr = stderr,
        });
        Assert.Equal("", stderr.GetText());
        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllText(Path.Combine(WasiFixtures, "expected", "walk.txt")), stdout.GetText());
    }

    [Fact]
    public void Walk_of_a_missing_directory_reports_on_stderr_and_exits_1()
    {
        var stderr = OutputSink.Buffer("stderr");
        var code = Run("c/walk.wasm", new Wasi2Config
        {
            Args = ["walk", "/data/nope"],
            Preopens = [new Wasi2Preopen(Path.Combine(WasiFixtures, "data"), "/data")],
            Stderr = stderr,
        });
        Assert.Equal(1, code);
        Assert.Contains("cannot open directory /data/nope", stderr.GetText());
    }

    [Fact]
    public void Args_and_environment_reach_the_guest()
    {
        var stdout = OutputSink.Buffer("stdout");
        var code = Run("c/args.wasm", new Wasi2Config
        {
            Args = ["args", "first", "with space", "", "ünïcødé"],
            Env = [new("A", "1"), new("B", "two words"), new("EMPTY", "")],
            Stdout = stdout,
        });
        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllText(Path.Combine(WasiFixtures, "expected", "args.txt")), stdout.GetText());
    }

    [Fact]
    public void Cat_copies_stdin_to_stdout()
    {
        var input = File.ReadAllBytes(Path.Combine(WasiFixtures, "data", "tree", "lorem.txt"));
        var stdout = OutputSink.Buffer("stdout");
        Assert.Equal(0, Run("c/cat.wasm", new Wasi2Config { Stdin = input, Stdout = stdout }));
        Assert.Equal(input, stdout.GetBytes());
    }

    [Fact]
    public void Output_beyond_the_sink_cap_is_dropped_and_counted()
    {
        var input = File.ReadAllBytes(Path.Combine(WasiFixtures, "data", "tree", "lorem.txt"));
        var stdout = OutputSink.Buffer("stdout", cap: 100);
        Assert.Equal(0, Run("c/cat.wasm", new Wasi2Config { Stdin = input, Stdout = stdout }));
        Assert.Equal(input[..100], stdout.GetBytes());
        Assert.True(stdout.Truncated);
        Assert.Equal(input.Length, stdout.TotalBytes);
    }

    [Fact]
    public void Infinite_loop_is_stopped_by_the_store_deadline()
    {
        var store = new Store(Fixtures.Engine);
        var stdout = OutputSink.Buffer("stdout");
        var wasi = new Wasi2Context(new Wasi2Config { Stdout = stdout });
        var instance = Fixtures.WasiLinker(wasi).Instantiate(store, Fixtures.Load("c/loop.wasm"));
        store.SetDeadline(TimeSpan.FromMilliseconds(300));
        var trap = Assert.Throws<WasmTrapException>(() => instance.GetFunction("wasi:cli/run@0.2.0", "run")!.Call());
        Assert.Equal(TrapKind.Interrupted, trap.Kind);
    }

    [Fact]
    public void Reactor_export_prints_to_stdout_and_stderr()
    {
        var stdout = OutputSink.Buffer("stdout");
        var stderr = OutputSink.Buffer("stderr");
        var wasi = new Wasi2Context(new Wasi2Config { Stdout = stdout, Stderr = stderr });
        var instance = Fixtures.WasiLinker(wasi).Instantiate(new Store(Fixtures.Engine), Fixtures.Load("wat/reactor.wasm"));
        var result = instance.GetFunction("greet")!.Call(ComponentValue.String("Grace"));
        Assert.Equal("Grace", result!.AsString);
        Assert.Equal("hi Grace\n", stdout.GetText());
        Assert.Equal("to stderr\n", stderr.GetText());
    }

    [Fact]
    public void A_missing_wasi_interface_is_a_link_error_naming_it()
    {
        var linker = new ComponentLinker(Fixtures.Engine);
        var e = Assert.Throws<WasmLinkException>(() => linker.Instantiate(new Store(Fixtures.Engine), Fixtures.Load("hello-command.wasm")));
        Assert.Contains("wasi:io/error@0.2.12", e.Message);
    }
}
