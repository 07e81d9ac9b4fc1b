using PluginHost.Wasm.Components;
using PluginHost.Wasm.Wasi2;

namespace PluginHost.Wasm.Tests.Components;

/// <summary>WASI 0.2 host functions called directly (as the canonical ABI would after lifting).</summary>
public class Wasi2HostTests
{
    private static readonly string Tree = Path.Combine(Fixtures.RepoRoot, "tests", "fixtures", "wasi", "data", "tree");
    private readonly ComponentLinker _linker;
    private readonly ComponentValue _root;

    public Wasi2HostTests()
    {
        var wasi = new Wasi2Context(new Wasi2Config { Preopens = [new Wasi2Preopen(Tree, "/tree")] });
        _linker = Fixtures.WasiLinker(wasi);
        var dirs = Call("wasi:filesystem/preopens@0.2.3", "get-directories")!;
        Assert.Equal("/tree", dirs.Items.Single().Fields[1].AsString);
        var own = dirs.Items[0].Fields[0];
        _root = ComponentValue.Borrow(own.HandleType, own.HandleRep);
    }

    private ComponentValue? Call(string iface, string name, params ComponentValue[] args) =>
        _linker.FindInstance(iface)!.GetFunction(name)!(args);

    private ComponentValue OpenAt(string path, string[] openFlags, params string[] descFlags) =>
        Call("wasi:filesystem/types@0.2.3", "[method]descriptor.open-at", _root, ComponentValue.Flags(),
            ComponentValue.String(path), ComponentValue.Flags(openFlags), ComponentValue.Flags(descFlags))!;

    [Fact]
    public void Files_are_read_through_a_descriptor()
    {
        var opened = OpenAt("a.txt", [], "read");
        Assert.True(opened.IsOk);
        var file = ComponentValue.Borrow(opened.Payload!.HandleType, opened.Payload.HandleRep);
        var read = Call("wasi:filesystem/types@0.2.3", "[method]descriptor.read", file, ComponentValue.U64(100), ComponentValue.U64(0))!;
        Assert.Equal(File.ReadAllBytes(Path.Combine(Tree, "a.txt")), read.Payload!.Fields[0].AsBytes);
        Assert.True(read.Payload.Fields[1].AsBool);
        var stat = Call("wasi:filesystem/types@0.2.3", "[method]descriptor.stat", file)!;
        Assert.Equal("regular-file", stat.Payload!.Fields[0].CaseName);
        Assert.Equal(6ul, stat.Payload.Fields[2].AsU64);
    }

    [Theory]
    [InlineData(new[] { "create" }, new[] { "read" })]
    [InlineData(new[] { "truncate" }, new[] { "read" })]
    [InlineData(new string[0], new[] { "read", "write" })]
    public void Opening_for_writing_is_refused_as_read_only(string[] openFlags, string[] descFlags)
    {
        var r = OpenAt("a.txt", openFlags, descFlags);
        Assert.False(r.IsOk);
        Assert.Equal("read-only", r.Payload!.CaseName);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("docs/../../x")]
    public void Paths_may_not_leave_the_preopen(string path)
    {
        var r = OpenAt(path, [], "read");
        Assert.False(r.IsOk);
        Assert.Equal("not-permitted", r.Payload!.CaseName);
    }

    [Fact]
    public void Missing_files_report_no_entry()
    {
        Assert.Equal("no-entry", OpenAt("nope.txt", [], "read").Payload!.CaseName);
    }

    [Fact]
    public void Directories_are_listed_in_order()
    {
        var stream = Call("wasi:filesystem/types@0.2.3", "[method]descriptor.read-directory", _root)!.Payload!;
        var names = new List<string>();
        while (true)
        {
            var e = Call("wasi:filesystem/types@0.2.3", "[method]directory-entry-stream.read-directory-entry",
                ComponentValue.Borrow(stream.HandleType, stream.HandleRep))!.Payload!;
            if (!e.IsSome) break;
            names.Add(e.Payload!.Fields[1].AsString);
        }
        Assert.Equal(Directory.EnumerateFileSystemEntries(Tree).Select(Path.GetFileName).Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void Sockets_refuse_with_access_denied()
    {
        var type = new ComponentFuncType([new Field("address-family", new EnumType(["ipv4", "ipv6"]))],
            new ResultType(PrimType.Of(PrimKind.U32), new EnumType(["unknown", "access-denied", "not-supported"])));
        var fallback = _linker.FindInstance("wasi:sockets/tcp-create-socket@0.2.1")!.Fallback!;
        var r = fallback("create-tcp-socket", type, [ComponentValue.Enum("ipv4")], _ => null)!;
        Assert.False(r.IsOk);
        Assert.Equal("access-denied", r.Payload!.CaseName);
    }

    [Fact]
    public void Http_requests_are_denied()
    {
        var errorCode = new VariantType([new Case("DNS-timeout", null), new Case("HTTP-request-denied", null), new Case("internal-error", new OptionType(PrimType.Of(PrimKind.String)))]);
        var type = new ComponentFuncType([], new ResultType(PrimType.Of(PrimKind.U32), errorCode));
        var fallback = _linker.FindInstance("wasi:http/outgoing-handler@0.2.0")!.Fallback!;
        var r = fallback("handle", type, [], _ => null)!;
        Assert.False(r.IsOk);
        Assert.Equal("HTTP-request-denied", r.Payload!.CaseName);
    }

    [Fact]
    public void Filesystem_writes_through_the_fallback_are_read_only()
    {
        var errorCode = new EnumType(["access", "read-only", "unsupported"]);
        var type = new ComponentFuncType([], new ResultType(null, errorCode));
        var r = _linker.FindInstance("wasi:filesystem/types@0.2.0")!.Fallback!("[method]descriptor.unlink-file-at", type, [], _ => null)!;
        Assert.Equal("read-only", r.Payload!.CaseName);
    }

    [Fact]
    public void Environment_and_clocks()
    {
        Assert.Empty(Call("wasi:cli/environment@0.2.0", "get-arguments")!.Items);
        var now = Call("wasi:clocks/wall-clock@0.2.0", "now")!;
        Assert.InRange(now.Fields[0].AsU64, 1_600_000_000ul, 10_000_000_000ul);
        Assert.Equal(16, Call("wasi:random/random@0.2.0", "get-random-bytes", ComponentValue.U64(16))!.AsBytes.Length);
        Assert.Throws<Wasi2ExitException>(() => Call("wasi:cli/exit@0.2.0", "exit", ComponentValue.Err()));
    }
}
