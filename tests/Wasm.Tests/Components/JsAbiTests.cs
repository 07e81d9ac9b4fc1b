using PluginHost.Wasm.Wasi;
using System.Text;
using PluginHost.Wasm.Components;
using PluginHost.Wasm.Wasi2;

namespace PluginHost.Wasm.Tests.Components;

/// <summary>One instance of the componentize-js fixture (js/abi.js), shared by the tests of a class (compiling it is slow).</summary>
public sealed class JsAbiInstance
{
    public readonly OutputSink Stdout = OutputSink.Buffer("stdout");
    public readonly List<string> Logs = new();
    public readonly List<uint> DroppedCounters = new();
    public readonly ResourceTable<object> Counters = new();
    public readonly ComponentInstance Instance;
    public readonly Store Store = new(Fixtures.Engine);

    public JsAbiInstance()
    {
        var linker = Fixtures.WasiLinker(new Wasi2Context(new Wasi2Config { Stdout = Stdout }));
        var host = linker.Instance("test:abi/host@0.1.0");
        var counter = host.DefineResource("counter", rep =>
        {
            DroppedCounters.Add(rep);
            Counters.Remove(rep);
        });
        host.DefineConstructor("counter", a => ComponentValue.Own(counter, Counters.Add(new uint[] { a[0].AsU32 })));
        host.DefineMethod("counter", "get", a => ComponentValue.U32(((uint[])Counters.Get(a[0].HandleRep))[0]));
        host.DefineMethod("counter", "add", a =>
        {
            ((uint[])Counters.Get(a[0].HandleRep))[0] += a[1].AsU32;
            return null;
        });
        host.DefineFunction("log", a =>
        {
            Logs.Add(a[0].AsString);
            return null;
        });
        host.DefineFunction("double-all", a => ComponentValue.List(a[0].Items.Select(x => ComponentValue.S32(x.AsS32 * 2)).ToArray()));
        host.DefineFunction("lookup", a => a[0].AsString == "missing"
            ? ComponentValue.Err(ComponentValue.String("no such key"))
            : ComponentValue.Ok(ComponentValue.String("value-of-" + a[0].AsString)));
        Instance = linker.Instantiate(Store, Fixtures.Load("js/abi.wasm"));
    }

    public ComponentValue? Call(string name, params ComponentValue[] args) =>
        (Instance.GetFunction(name) ?? throw new InvalidOperationException($"no export {name}")).Call(args);
}

/// <summary>Every WIT type round-trips through a real componentize-js component.</summary>
public class JsAbiTests(JsAbiInstance js) : IClassFixture<JsAbiInstance>
{
    // componentize-js 0.23.0 itself mishandles u32 values >= 2^31 and negative s64 (checked under V8 with
    // `jco transpile`: echo-u32(4294967295) gives 4292870144, echo-s64(-5) aborts), so those are not used here;
    // the full ranges are covered by the WAT fixture and the ABI unit tests.
    public static TheoryData<string, ComponentValue> Scalars => new()
    {
        { "echo-bool", ComponentValue.Bool(true) },
        { "echo-bool", ComponentValue.Bool(false) },
        { "echo-s8", ComponentValue.S64(-128) },
        { "echo-u8", ComponentValue.U64(255) },
        { "echo-s16", ComponentValue.S64(-32768) },
        { "echo-u16", ComponentValue.U64(65535) },
        { "echo-s32", ComponentValue.S64(int.MinValue) },
        { "echo-u32", ComponentValue.U64(int.MaxValue) },
        { "echo-s64", ComponentValue.S64(long.MaxValue) },
        { "echo-u64", ComponentValue.U64(ulong.MaxValue) },
        { "echo-f32", ComponentValue.F32(1.5f) },
        { "echo-f64", ComponentValue.F64(-2.25e300) },
        { "echo-char", ComponentValue.Char(new Rune(0x1F600)) },
        { "echo-string", ComponentValue.String("héllo 日本 😀") },
        { "echo-string", ComponentValue.String("") },
        { "echo-bytes", ComponentValue.Bytes([0, 1, 2, 255]) },
        { "echo-color", ComponentValue.Enum("blue") },
        { "echo-shape", ComponentValue.Case("circle", ComponentValue.F32(2.5f)) },
        { "echo-shape", ComponentValue.Case("rect", ComponentValue.Record(ComponentValue.F64(1), ComponentValue.F64(2), ComponentValue.String("r"))) },
        { "echo-shape", ComponentValue.Case("empty") },
    };

    [Theory]
    [MemberData(nameof(Scalars))]
    public void Value_round_trips(string function, ComponentValue value)
    {
        Assert.Equal(value, js.Call(function, value));
    }

    [Fact]
    public void Float_nan_comes_back_canonical()
    {
        var r = js.Call("echo-f64", ComponentValue.F64(BitConverter.Int64BitsToDouble(0x7ff8_dead_beef_0001)))!;
        Assert.Equal(0x7ff8_0000_0000_0000, BitConverter.DoubleToInt64Bits(r.AsF64));
    }

    [Fact]
    public void Out_of_range_integer_argument_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => js.Call("echo-u8", ComponentValue.U64(256)));
        Assert.Throws<ArgumentException>(() => js.Call("echo-u32", ComponentValue.S64(-1)));
    }

    [Fact]
    public void List_of_strings()
    {
        var r = js.Call("echo-strings", ComponentValue.List(ComponentValue.String("a"), ComponentValue.String("ü")))!;
        Assert.Equal(["a!", "ü!"], r.Items.Select(i => i.AsString));
        Assert.Empty(js.Call("echo-strings", ComponentValue.List())!.Items);
    }

    [Fact]
    public void Record_fields_in_type_order()
    {
        var r = js.Call("echo-point", ComponentValue.Record(ComponentValue.F64(1.5), ComponentValue.F64(-2), ComponentValue.String("pt")))!;
        Assert.Equal(3.0, r.Fields[0].AsF64);
        Assert.Equal(-4.0, r.Fields[1].AsF64);
        Assert.Equal("PT", r.Fields[2].AsString);
    }

    [Fact]
    public void Tuple()
    {
        var r = js.Call("echo-tuple", ComponentValue.Tuple(ComponentValue.U8(41), ComponentValue.String("ab"), ComponentValue.Bool(true)))!;
        Assert.Equal(ComponentValue.Tuple(ComponentValue.U8(42), ComponentValue.String("abab"), ComponentValue.Bool(false)), r);
    }

    [Fact]
    public void Option()
    {
        Assert.Equal(ComponentValue.Some(ComponentValue.String("x?")), js.Call("echo-option", ComponentValue.Some(ComponentValue.String("x"))));
        Assert.Equal(ComponentValue.None, js.Call("echo-option", ComponentValue.None));
    }

    [Fact]
    public void Result_ok_and_error()
    {
        Assert.Equal(ComponentValue.Ok(ComponentValue.U32(8)), js.Call("echo-result", ComponentValue.Ok(ComponentValue.U32(7))));
        var err = js.Call("echo-result", ComponentValue.Err(ComponentValue.String("bad")))!;
        Assert.False(err.IsOk);
        Assert.Equal("bad!", err.Payload!.AsString);
    }

    [Fact]
    public void Flags()
    {
        var r = js.Call("echo-perms", ComponentValue.Flags("read", "exec"))!;
        Assert.Equal(["write"], r.SetFlags);
    }

    [Fact]
    public void Unknown_enum_case_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => js.Call("echo-color", ComponentValue.Enum("purple")));
    }

    [Fact]
    public void Seventeen_parameters_spill_through_memory()
    {
        var args = Enumerable.Range(1, 17).Select(i => ComponentValue.U32((uint)i)).ToArray();
        Assert.Equal(153u, js.Call("sum17", args)!.AsU32);
    }

    [Fact]
    public void Host_resource_constructor_methods_and_destructor()
    {
        var before = js.DroppedCounters.Count;
        Assert.Equal(10u + 0 + 1 + 2 + 3, js.Call("use-counter", ComponentValue.U32(10), ComponentValue.U32(4))!.AsU32);
        // The JS garbage collector decides when the handle is dropped; the host table must not grow without bound.
        Assert.True(js.Counters.Count <= 1 + before);
    }

    [Fact]
    public void Host_import_with_lists()
    {
        var r = js.Call("call-host", ComponentValue.List(ComponentValue.S32(1), ComponentValue.S32(-3)))!;
        Assert.Equal([2, -6], r.Items.Select(i => i.AsS32));
    }

    [Fact]
    public void Host_import_returning_result_ok_and_error()
    {
        Assert.Equal("value-of-k|value-of-always", js.Call("lookup-twice", ComponentValue.String("k"))!.AsString);
        Assert.Equal("error:no such key|value-of-always", js.Call("lookup-twice", ComponentValue.String("missing"))!.AsString);
    }

    [Fact]
    public void Hello_world_prints_through_wasi_and_calls_the_host()
    {
        Assert.Equal("Hello, Ada!", js.Call("hello", ComponentValue.String("Ada"))!.AsString);
        Assert.Contains("hello from js, Ada", js.Stdout.GetText());
        Assert.Contains("host log: Ada", js.Logs);
    }

    [Fact]
    public void Guest_resource_owned_by_the_host()
    {
        var ctor = js.Instance.GetFunction("test:abi/acc@0.1.0", "[constructor]accumulator")!;
        var push = js.Instance.GetFunction("test:abi/acc@0.1.0", "[method]accumulator.push")!;
        var total = js.Instance.GetFunction("test:abi/acc@0.1.0", "[method]accumulator.total")!;
        var sumWith = js.Instance.GetFunction("test:abi/acc@0.1.0", "sum-with")!;
        var acc = ctor.Call(ComponentValue.U32(5))!;
        Assert.Equal(ComponentValueKind.Handle, acc.Kind);
        var borrow = ComponentValue.Borrow(acc.HandleType, acc.HandleRep);
        push.Call(borrow, ComponentValue.U32(3));
        push.Call(borrow, ComponentValue.U32(4));
        Assert.Equal(12u, total.Call(borrow)!.AsU32);
        Assert.Equal(112u, sumWith.Call(borrow, ComponentValue.U32(100))!.AsU32);
        js.Instance.DropResource(acc);
    }
}

/// <summary>Traps inside the JS component (each on a fresh instance: a trapped instance is not reused).</summary>
public class JsTrapTests
{
    [Fact]
    public void Thrown_error_becomes_a_trap()
    {
        var js = new JsAbiInstance();
        Assert.Throws<WasmTrapException>(() => js.Call("fail", ComponentValue.String("boom")));
    }

    [Fact]
    public void Infinite_js_loop_is_stopped_by_the_deadline()
    {
        var js = new JsAbiInstance();
        js.Call("echo-u32", ComponentValue.U32(1));
        js.Store.SetDeadline(TimeSpan.FromMilliseconds(500));
        var trap = Assert.Throws<WasmTrapException>(() => js.Call("spin"));
        Assert.Equal(TrapKind.Interrupted, trap.Kind);
    }
}
