namespace PluginHost.Plugins.Icp;

/// <summary>Reads a component binary's top-level import names and tells components from core modules, without an engine.</summary>
public static class ComponentImports
{
    /// <summary>The top-level import names; throws <see cref="SyncPluginException"/> naming the file when it is not a component.</summary>
    public static IReadOnlyList<string> Read(ReadOnlySpan<byte> wasm, string file)
    {
        if (wasm.Length < 8 || !wasm[..4].SequenceEqual("\0asm"u8))
            throw new SyncPluginException($"{file}: not a WebAssembly file; icp sync plugins are components");
        if (wasm[4..8].SequenceEqual(new byte[] { 1, 0, 0, 0 }))
            throw new SyncPluginException($"{file}: is a core module; icp sync plugins are components");
        if (!wasm[4..8].SequenceEqual(new byte[] { 0x0d, 0, 1, 0 }))
            throw new SyncPluginException($"{file}: unsupported WebAssembly binary version; icp sync plugins are components");
        var names = new List<string>();
        var pos = 8;
        try
        {
            while (pos < wasm.Length)
            {
                var id = wasm[pos++];
                var size = (int)Leb(wasm, ref pos);
                if (size < 0 || pos + size > wasm.Length) throw new IndexOutOfRangeException();
                if (id == 10) ReadImports(wasm.Slice(pos, size), names);
                pos += size;
            }
        }
        catch (IndexOutOfRangeException)
        {
            throw new SyncPluginException($"{file}: truncated component (ends inside a section)");
        }
        return names;
    }

    /// <summary>The top-level import names of the component in <paramref name="path"/>, read section by section: only
    /// the header and the import sections are read, every other section is skipped over (a few KiB of a 12 MB plugin).
    /// Throws <see cref="SyncPluginException"/> naming <paramref name="file"/> as <see cref="Read"/> does.</summary>
    public static IReadOnlyList<string> ReadFile(string path, string file)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
        Span<byte> header = stackalloc byte[8];
        var got = f.ReadAtLeast(header, 8, throwOnEndOfStream: false);
        if (got < 8 || !header[..4].SequenceEqual("\0asm"u8) || !header[4..8].SequenceEqual(new byte[] { 0x0d, 0, 1, 0 }))
            return Read(header[..got], file);   // not a component: the same message as from the bytes
        var names = new List<string>();
        while (f.ReadByte() is var id and >= 0)
        {
            var size = StreamLeb(f, file);
            if (size > f.Length - f.Position) throw Truncated(file);
            if (id == 10)
            {
                var body = new byte[size];
                f.ReadExactly(body);
                try
                {
                    ReadImports(body, names);
                }
                catch (IndexOutOfRangeException)
                {
                    throw Truncated(file);
                }
            }
            else f.Seek(size, SeekOrigin.Current);
        }
        return names;
    }

    private static long StreamLeb(Stream s, string file)
    {
        long result = 0;
        for (var shift = 0; shift <= 28; shift += 7)
        {
            var b = s.ReadByte();
            if (b < 0) throw Truncated(file);
            result |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw Truncated(file);
    }

    private static SyncPluginException Truncated(string file) => new($"{file}: truncated component (ends inside a section)");

    private static void ReadImports(ReadOnlySpan<byte> s, List<string> names)
    {
        var p = 0;
        var count = Leb(s, ref p);
        for (uint i = 0; i < count; i++)
        {
            p++; // importname' prefix (0x00 plain, 0x01 with version suffix)
            var len = (int)Leb(s, ref p);
            names.Add(System.Text.Encoding.UTF8.GetString(s.Slice(p, len)));
            p += len;
            SkipExternDesc(s, ref p);
        }
    }

    private static void SkipExternDesc(ReadOnlySpan<byte> s, ref int p)
    {
        var sort = s[p++];
        switch (sort)
        {
            case 0x00: p++; Leb(s, ref p); break;           // core module: 0x11 typeidx
            case 0x01 or 0x04 or 0x05: Leb(s, ref p); break; // func, component, instance: typeidx
            case 0x02:                                       // value bound
            case 0x03:                                       // type bound
                if (s[p++] == 0x00 || sort == 0x02) Leb(s, ref p);
                break;
            default: throw new IndexOutOfRangeException();
        }
    }

    private static uint Leb(ReadOnlySpan<byte> s, ref int p)
    {
        uint result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = s[p++];
            result |= (uint)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
            if (shift > 28) throw new IndexOutOfRangeException();
        }
    }
}
