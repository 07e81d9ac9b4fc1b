using PluginHost.Wasm.Components;

namespace PluginHost.Wasm.Tests.Components;

/// <summary>Malformed and invalid components are rejected with a <see cref="ComponentException"/> naming the section and offset.</summary>
public class DecodeTests
{
    private static readonly byte[] Preamble = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

    private static byte[] With(params byte[][] sections) => Preamble.Concat(sections.SelectMany(s => s)).ToArray();

    private static byte[] Section(byte id, params byte[] body) => [id, (byte)body.Length, .. body];

    private static ComponentException Rejects(byte[] bytes) =>
        Assert.Throws<ComponentException>(() => Component.FromBytes(Fixtures.Engine, bytes));

    [Fact]
    public void Empty_component_is_valid()
    {
        var c = Component.FromBytes(Fixtures.Engine, Preamble);
        Assert.Empty(c.Imports);
        Assert.Empty(c.Exports);
    }

    [Fact]
    public void Garbage_is_rejected()
    {
        Assert.Contains("magic header", Rejects("not a wasm file at all"u8.ToArray()).Message);
        Assert.Contains("unexpected end", Rejects([]).Message);
    }

    [Fact]
    public void A_core_module_is_not_a_component()
    {
        var e = Rejects(File.ReadAllBytes(Path.Combine(Fixtures.RepoRoot, "tests", "fixtures", "wasi", "loop.wasm")));
        Assert.Contains("core module, not a component", e.Message);
        Assert.False(Component.IsComponent(File.ReadAllBytes(Path.Combine(Fixtures.RepoRoot, "tests", "fixtures", "wasi", "loop.wasm"))));
        Assert.True(Component.IsComponent(Fixtures.Bytes("wat/raw-utf8.wasm")));
    }

    [Fact]
    public void Unsupported_version_is_rejected()
    {
        var e = Rejects([0x00, 0x61, 0x73, 0x6d, 0x0c, 0x00, 0x01, 0x00]);
        Assert.Contains("unsupported component binary version 0xc", e.Message);
    }

    [Fact]
    public void Unknown_section_is_rejected_with_its_offset()
    {
        var e = Rejects(With(Section(13, 0x00)));
        Assert.Contains("unknown section id 13", e.Message);
        Assert.Equal(8, e.Offset);
    }

    [Fact]
    public void Section_larger_than_the_component_is_rejected()
    {
        var e = Rejects(With([0x07, 0x40, 0x01]));
        Assert.Contains("section size 64 exceeds", e.Message);
    }

    [Fact]
    public void Huge_counts_do_not_allocate()
    {
        // type section claiming 0x0fffffff types in 5 bytes
        var e = Rejects(With(Section(7, 0xff, 0xff, 0xff, 0x7f, 0x00)));
        Assert.Contains("exceeds the remaining", e.Message);
        Assert.Equal("type", e.Section);
    }

    [Fact]
    public void Empty_record_type_is_invalid()
    {
        var e = Rejects(With(Section(7, 0x01, 0x72, 0x00)));
        Assert.Contains("record type must have at least one field", e.Message);
    }

    [Fact]
    public void Reference_to_an_unknown_type_is_invalid()
    {
        var e = Rejects(With(Section(7, 0x01, 0x70, 0x05)));
        Assert.Contains("unknown type 5", e.Message);
    }

    [Fact]
    public void Duplicate_import_names_are_invalid()
    {
        // type 0 = func(); two imports "f" of it
        var e = Rejects(With(
            Section(7, 0x01, 0x40, 0x00, 0x01, 0x00),
            Section(10, 0x02, 0x00, 0x01, (byte)'f', 0x01, 0x00, 0x00, 0x01, (byte)'f', 0x01, 0x00)));
        Assert.Contains("duplicate import name `f`", e.Message);
    }

    [Fact]
    public void Canon_lift_of_an_unknown_core_function_is_invalid()
    {
        var e = Rejects(With(Section(7, 0x01, 0x40, 0x00, 0x01, 0x00), Section(8, 0x01, 0x00, 0x00, 0x03, 0x00, 0x00)));
        Assert.Contains("unknown core func 3", e.Message);
        Assert.Equal("canon", e.Section);
    }

    [Fact]
    public void Async_canon_operations_are_reported_as_unsupported()
    {
        var e = Rejects(With(Section(8, 0x01, 0x09)));
        Assert.Contains("not supported", e.Message);
    }

    [Fact]
    public void Invalid_embedded_core_module_names_the_module()
    {
        var e = Rejects(With(Section(1, 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05)));
        Assert.Contains("core module 0 is invalid", e.Message);
    }

    [Fact]
    public void Every_truncation_of_a_real_component_is_rejected_cleanly()
    {
        // A cut exactly at a section boundary leaves a valid (smaller) component; every other cut is rejected.
        var bytes = Fixtures.Bytes("wat/raw-utf8.wasm");
        var boundaries = new HashSet<int> { 8 };
        for (var p = 8; p < bytes.Length;)
        {
            p++;
            int size = 0, shift = 0;
            byte b;
            do
            {
                b = bytes[p++];
                size |= (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            p += size;
            boundaries.Add(p);
        }
        // every cut in the header and first sections, then every 7th (each decode compiles the core module)
        for (var n = 0; n < bytes.Length; n += n < 600 ? 1 : 7)
        {
            if (boundaries.Contains(n))
            {
                Component.FromBytes(Fixtures.Engine, bytes.AsSpan(0, n));
                continue;
            }
            var e = Assert.Throws<ComponentException>(() => Component.FromBytes(Fixtures.Engine, bytes.AsSpan(0, n)));
            Assert.False(string.IsNullOrEmpty(e.Message));
        }
    }

    [Fact]
    public void Corrupted_bytes_never_escape_as_other_exceptions()
    {
        var original = Fixtures.Bytes("wat/raw-utf8.wasm");
        var random = new Random(1234);
        var rejected = 0;
        for (var i = 0; i < 400; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var k = 0; k < 1 + i % 4; k++) bytes[8 + random.Next(bytes.Length - 8)] = (byte)random.Next(256);
            try
            {
                Component.FromBytes(Fixtures.Engine, bytes);
            }
            catch (ComponentException)
            {
                rejected++;
            }
        }
        Assert.True(rejected > 0);
    }

    [Fact]
    public void Imports_and_exports_are_listed_with_their_types()
    {
        var c = Fixtures.Load("wat/raw-utf8.wasm");
        Assert.Equal(["test:raw/res@0.1.0", "test:raw/shapes@0.1.0", "pair", "counter", "host-echo", "wide"], c.Imports.Select(i => i.Key));
        Assert.IsType<ResourceTypeDef>(c.Imports[3].Value.Type);
        var echo = (ComponentFuncType)c.Imports[4].Value.Type!;
        Assert.Equal("func(s: string) -> string", echo.ToString());
        Assert.Contains(c.Exports, e => e.Key == "bad-discriminant" && e.Value.Type!.ToString() == "func() -> option<u32>");
    }

    [Fact]
    public void Exponentially_large_types_are_rejected()
    {
        // type 0 = u32; type i = tuple<i-1, i-1>: 2^i nodes by sharing
        var body = new List<byte> { 40, 0x6f, 0x01, 0x79 };
        for (var i = 1; i < 40; i++) body.AddRange(new byte[] { 0x6f, 0x02, (byte)(i - 1), (byte)(i - 1) });
        var section = new List<byte> { 7 };
        section.AddRange(Leb((uint)body.Count));
        section.AddRange(body);
        var e = Rejects(With(section.ToArray()));
        Assert.Contains("type is too large", e.Message);
    }

    [Fact]
    public void Deeply_nested_types_are_rejected()
    {
        var body = new List<byte> { 0x96, 0x01, 0x70, 0x79 }; // 150 types
        for (var i = 1; i < 150; i++) body.AddRange(new byte[] { 0x70 }.Concat(SignedLeb(i - 1)));
        var section = new List<byte> { 7 };
        section.AddRange(Leb((uint)body.Count));
        section.AddRange(body);
        var e = Rejects(With(section.ToArray()));
        Assert.Contains("nesting depth exceeds 100", e.Message);
    }

    /// <summary>Value-type indices are signed (s33) LEB128.</summary>
    private static byte[] SignedLeb(long v)
    {
        var bytes = new List<byte>();
        while (true)
        {
            var b = (byte)(v & 0x7f);
            v >>= 7;
            var done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            bytes.Add(done ? b : (byte)(b | 0x80));
            if (done) return bytes.ToArray();
        }
    }

    private static byte[] Leb(uint v)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(v & 0x7f);
            v >>= 7;
            bytes.Add(v != 0 ? (byte)(b | 0x80) : b);
        } while (v != 0);
        return bytes.ToArray();
    }
}
