using PluginHost.Wasm.Components;

namespace PluginHost.Wasm.Tests.Components;

/// <summary>The hand-written canonical-ABI module (fixtures/components/wat/raw.wat) in its three string encodings.</summary>
public class RawAbiTests
{
    private sealed class Host
    {
        public readonly List<uint> Dropped = new();
        public readonly List<string> Echoed = new();
        public ComponentLinker Linker = null!;
        public ResourceType Counter = null!;
    }

    private static Host MakeHost(string resVersion = "0.1.0")
    {
        var host = new Host { Linker = new ComponentLinker(Fixtures.Engine) };
        var res = host.Linker.Instance($"test:raw/res@{resVersion}");
        var values = new ResourceTable<object>();
        host.Counter = res.DefineResource("counter", rep =>
        {
            host.Dropped.Add(rep);
            values.Remove(rep);
        });
        res.DefineConstructor("counter", a => ComponentValue.Own(host.Counter, values.Add(a[0].AsU32)));
        res.DefineMethod("counter", "get", a => ComponentValue.U32((uint)values.Get(a[0].HandleRep)));
        host.Linker.DefineFunction("wide", a => ComponentValue.U32((uint)a.Select((x, i) => x.AsU32 * (i + 1)).Sum(x => x)));
        host.Linker.DefineFunction("host-echo", a =>
        {
            host.Echoed.Add(a[0].AsString);
            return ComponentValue.String("<" + a[0].AsString + ">");
        });
        return host;
    }

    private static ComponentInstance Instantiate(string encoding, Host? host = null, Store? store = null) =>
        (host ?? MakeHost()).Linker.Instantiate(store ?? new Store(Fixtures.Engine), Fixtures.Load($"wat/raw-{encoding}.wasm"));

    private static WasmTrapException Trap(ComponentInstance instance, string name, params ComponentValue[] args) =>
        Assert.Throws<WasmTrapException>(() => instance.GetFunction(name)!.Call(args));

    [Theory]
    [InlineData("utf8", 6u)]
    [InlineData("utf16", 5u)]
    [InlineData("compact-utf16", 5u)]
    public void String_length_is_in_code_units_of_the_encoding(string encoding, uint expected)
    {
        var instance = Instantiate(encoding);
        Assert.Equal(expected, instance.GetFunction("string-len")!.Call(ComponentValue.String("héllo"))!.AsU32);
    }

    [Theory]
    [InlineData("utf8")]
    [InlineData("utf16")]
    [InlineData("compact-utf16")]
    public void Strings_round_trip_through_a_host_import_in_every_encoding(string encoding)
    {
        var host = MakeHost();
        var instance = Instantiate(encoding, host);
        foreach (var s in new[] { "", "plain ascii", "héllo wörld", "日本語 😀 mixed", new string('x', 70000) })
        {
            var result = instance.GetFunction("round-trip")!.Call(ComponentValue.String(s));
            Assert.Equal("<" + s + ">", result!.AsString);
        }
        Assert.Equal(5, host.Echoed.Count);
        Assert.Equal("日本語 😀 mixed", host.Echoed[3]);
    }

    [Fact]
    public void Compact_utf16_uses_utf16_only_when_latin1_cannot_hold_the_string()
    {
        var instance = Instantiate("compact-utf16");
        // latin1: byte count; utf16: code units with the high tag bit (the module returns the tagged length).
        Assert.Equal(5u, instance.GetFunction("string-len")!.Call(ComponentValue.String("héllo"))!.AsU32);
        Assert.Equal(0x8000_0002u, instance.GetFunction("string-len")!.Call(ComponentValue.String("日本"))!.AsU32);
    }

    [Fact]
    public void Invalid_char_traps()
    {
        var trap = Trap(Instantiate("utf8"), "bad-char");
        Assert.Contains("invalid char 0x110000", trap.Message);
    }

    [Fact]
    public void Invalid_discriminant_traps()
    {
        var trap = Trap(Instantiate("utf8"), "bad-discriminant");
        Assert.Contains("invalid discriminant 7", trap.Message);
    }

    [Fact]
    public void Out_of_bounds_string_pointer_traps()
    {
        var trap = Trap(Instantiate("utf8"), "bad-pointer");
        Assert.Equal(TrapKind.MemoryOutOfBounds, trap.Kind);
    }

    [Theory]
    [InlineData("utf8", "invalid UTF-8")]
    [InlineData("utf16", "invalid UTF-16")]
    public void Invalid_string_encoding_traps(string encoding, string message)
    {
        var trap = Trap(Instantiate(encoding), "bad-utf8");
        Assert.Contains(message, trap.Message);
    }

    [Fact]
    public void Misaligned_list_pointer_traps()
    {
        var trap = Trap(Instantiate("utf8"), "bad-align");
        Assert.Contains("not aligned to 4", trap.Message);
    }

    [Fact]
    public void Unreachable_inside_the_component_is_a_trap_with_a_backtrace()
    {
        var trap = Trap(Instantiate("utf8"), "trap-unreachable");
        Assert.Equal(TrapKind.Unreachable, trap.Kind);
    }

    [Fact]
    public void Infinite_loop_is_interrupted_by_the_deadline_and_the_instance_is_then_unusable()
    {
        var store = new Store(Fixtures.Engine);
        var instance = Instantiate("utf8", store: store);
        store.SetDeadline(TimeSpan.FromMilliseconds(200));
        Assert.Equal(TrapKind.Interrupted, Trap(instance, "loop-forever").Kind);
        store.SetDeadline(Timeout.InfiniteTimeSpan);
        Assert.Contains("trapped earlier", Trap(instance, "string-len", ComponentValue.String("abc")).Message);
        // A new instance in the same store works.
        Assert.Equal(3u, Instantiate("utf8", store: store).GetFunction("string-len")!.Call(ComponentValue.String("abc"))!.AsU32);
    }

    [Fact]
    public void Host_resource_is_created_used_and_destroyed_on_drop()
    {
        var host = MakeHost();
        var instance = Instantiate("utf8", host);
        Assert.Equal(7u, instance.GetFunction("counter-value")!.Call(ComponentValue.U32(7))!.AsU32);
        Assert.Single(host.Dropped);
        Assert.Equal(0, instance.HandleCount);
    }

    [Fact]
    public void Unknown_handle_traps()
    {
        var trap = Trap(Instantiate("utf8"), "bad-handle");
        Assert.Contains("unknown resource handle 99", trap.Message);
    }

    [Fact]
    public void Dropping_a_handle_twice_traps_and_the_destructor_runs_once()
    {
        var host = MakeHost();
        var trap = Trap(Instantiate("utf8", host), "drop-twice");
        Assert.Contains("unknown resource handle", trap.Message);
        Assert.Single(host.Dropped);
    }

    [Fact]
    public void A_semver_compatible_host_interface_satisfies_the_import()
    {
        var instance = Instantiate("utf8", MakeHost("0.1.9"));
        Assert.Equal(4u, instance.GetFunction("counter-value")!.Call(ComponentValue.U32(4))!.AsU32);
    }

    [Fact]
    public void An_incompatible_host_interface_version_is_a_link_error()
    {
        var e = Assert.Throws<WasmLinkException>(() => Instantiate("utf8", MakeHost("0.2.0")));
        Assert.Contains("test:raw/res@0.1.0", e.Message);
        Assert.Contains("test:raw/res@0.2.0", e.Message);
    }

    [Fact]
    public void A_missing_world_function_import_is_a_link_error()
    {
        var linker = new ComponentLinker(Fixtures.Engine);
        var res = linker.Instance("test:raw/res@0.1.0");
        res.DefineResource("counter");
        res.DefineConstructor("counter", _ => null);
        res.DefineMethod("counter", "get", _ => null);
        var e = Assert.Throws<WasmLinkException>(() => linker.Instantiate(new Store(Fixtures.Engine), Fixtures.Load("wat/raw-utf8.wasm")));
        Assert.Contains("host-echo", e.Message);
    }

    [Fact]
    public void A_host_result_of_the_wrong_type_traps()
    {
        var host = MakeHost();
        host.Linker.Root.DefineFunction("host-echo", _ => ComponentValue.U32(1));
        var trap = Trap(Instantiate("utf8", host), "round-trip", ComponentValue.String("x"));
        Assert.Contains("does not match string", trap.Message);
    }

    [Fact]
    public void Wrong_argument_values_are_rejected_before_the_call()
    {
        var instance = Instantiate("utf8");
        Assert.Throws<ArgumentException>(() => instance.GetFunction("string-len")!.Call(ComponentValue.U32(1)));
        Assert.Throws<ArgumentException>(() => instance.GetFunction("string-len")!.Call());
    }

    [Fact]
    public void Borrowed_host_resource_passed_to_an_export_must_be_dropped_by_the_callee()
    {
        var host = MakeHost();
        var instance = Instantiate("utf8", host);
        var ctor = host.Linker.FindInstance("test:raw/res@0.1.0")!.GetFunction("[constructor]counter")!;
        var own = ctor([ComponentValue.U32(42)])!;
        var borrow = ComponentValue.Borrow(own.HandleType, own.HandleRep);
        Assert.Equal(42u, instance.GetFunction("peek")!.Call(borrow)!.AsU32);
        Assert.Equal(0, instance.HandleCount);
        var trap = Trap(instance, "peek-leak", borrow);
        Assert.Contains("borrow handle(s) still remain", trap.Message);
        Assert.Empty(host.Dropped);
    }

    [Fact]
    public void Own_host_resource_passed_to_an_export_is_destroyed_when_the_guest_drops_it()
    {
        var host = MakeHost();
        var instance = Instantiate("utf8", host);
        var own = host.Linker.FindInstance("test:raw/res@0.1.0")!.GetFunction("[constructor]counter")!([ComponentValue.U32(9)])!;
        Assert.Equal(9u, instance.GetFunction("take")!.Call(own)!.AsU32);
        Assert.Equal([own.HandleRep], host.Dropped);
    }

    [Fact]
    public void A_borrow_cannot_be_passed_where_own_is_expected()
    {
        var host = MakeHost();
        var instance = Instantiate("utf8", host);
        Assert.Throws<ArgumentException>(() => instance.GetFunction("take")!.Call(ComponentValue.Borrow(host.Counter, 1)));
    }

    [Fact]
    public void A_host_import_with_seventeen_parameters_receives_them_from_memory()
    {
        // a_i = i, weighted by i: sum of i*i for i = 1..17
        Assert.Equal(1785u, Instantiate("utf8").GetFunction("call-wide")!.Call()!.AsU32);
    }

    [Fact]
    public void An_imported_interface_of_plain_types_needs_no_host_definition()
    {
        var c = Fixtures.Load("wat/raw-utf8.wasm");
        Assert.Contains(c.Imports, i => i.Key == "test:raw/shapes@0.1.0");
        var r = Instantiate("utf8").GetFunction("swap")!.Call(ComponentValue.Record(ComponentValue.U32(1), ComponentValue.U32(2)))!;
        Assert.Equal(ComponentValue.Record(ComponentValue.U32(2), ComponentValue.U32(1)), r);
    }
}
