using PluginHost.Actors.Runners;

namespace PluginHost.Actors.Tests.Runners;

public sealed class ModuleCacheTests
{
    [Fact]
    public async Task ConcurrentRequestsForTheSameBytesCompileOnce()
    {
        var cache = new ModuleCache();
        var bytes = File.ReadAllBytes(Fixtures.StepsWasm);
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return cache.Get(bytes.ToArray());
        })).ToList();
        start.Set();
        var modules = await Task.WhenAll(tasks);

        Assert.Equal(1, cache.Compilations);
        Assert.All(modules, m => Assert.Same(modules[0], m));
        Assert.Same(modules[0], await cache.GetFromFileAsync(Fixtures.StepsWasm));
        Assert.Equal(1, cache.Compilations);
    }

    [Fact]
    public void DifferentBytesCompileSeparatelyAndInvalidBytesAreNotCached()
    {
        var cache = new ModuleCache();
        var loop = File.ReadAllBytes(Path.Combine(Fixtures.RepoRoot, "tests", "fixtures", "wasi", "loop.wasm"));
        var steps = File.ReadAllBytes(Fixtures.StepsWasm);
        Assert.NotSame(cache.Get(loop), cache.Get(steps));
        Assert.Equal(2, cache.Compilations);

        byte[] junk = [0, 97, 115, 109, 9, 9, 9, 9];
        Assert.Throws<Wasmtime.WasmtimeException>(() => cache.Get(junk));
        Assert.Throws<Wasmtime.WasmtimeException>(() => cache.Get(junk)); // not cached: compiled (and refused) again
        Assert.Equal(2, cache.Compilations);
        Assert.Equal(2, cache.Count);
        Assert.Equal(ModuleCache.Hash(steps), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(steps)));
    }

    [Fact]
    public void AFileIsReadAgainOnlyOnceItChanged()
    {
        var cache = new ModuleCache();
        var dir = Directory.CreateTempSubdirectory("pluginhost-modulecache-").FullName;
        try
        {
            var path = Path.Combine(dir, "plugin.wasm");
            File.Copy(Fixtures.StepsWasm, path);
            var first = cache.GetFromFile(path);
            Assert.Same(first, cache.GetFromFile(path));
            Assert.Equal(1, cache.Compilations);

            File.Copy(Path.Combine(Fixtures.RepoRoot, "tests", "fixtures", "wasi", "loop.wasm"), path, overwrite: true);
            var second = cache.GetFromFile(path);
            Assert.NotSame(first, second);
            Assert.Equal(2, cache.Compilations);

            File.Delete(path);
            Assert.Throws<FileNotFoundException>(() => cache.GetFromFile(path));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AFileWrittenJustBeforeItIsReadIsReadAgainEvenWithTheSameLengthAndWriteTime()
    {
        var cache = new ModuleCache();
        var dir = Directory.CreateTempSubdirectory("pluginhost-modulecache-").FullName;
        try
        {
            var path = Path.Combine(dir, "plugin.wasm");
            var a = File.ReadAllBytes(Fixtures.StepsWasm);
            var b = File.ReadAllBytes(Path.Combine(Fixtures.RepoRoot, "tests", "fixtures", "wasi", "loop.wasm"));
            var length = Math.Max(a.Length, b.Length) + 64;
            var stamp = DateTime.UtcNow - TimeSpan.FromMilliseconds(500);   // within the racy window
            File.WriteAllBytes(path, PaddedTo(a, length));
            File.SetLastWriteTimeUtc(path, stamp);
            var first = cache.GetFromFile(path);

            // Rewritten with other bytes of the same length and the same write time (a coarse clock): read again.
            File.WriteAllBytes(path, PaddedTo(b, length));
            File.SetLastWriteTimeUtc(path, stamp);
            Assert.NotSame(first, cache.GetFromFile(path));
            Assert.Equal(2, cache.Compilations);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary><paramref name="wasm"/> with a custom section appended so that it is exactly <paramref name="length"/> bytes.</summary>
    private static byte[] PaddedTo(byte[] wasm, int length)
    {
        for (var payload = 0; payload < length; payload++)
        {
            var body = new List<byte> { 1, (byte)'p' };
            body.AddRange(new byte[payload]);
            var section = new List<byte> { 0 };
            section.AddRange(Leb128((uint)body.Count));
            section.AddRange(body);
            if (wasm.Length + section.Count == length) return [.. wasm, .. section];
        }
        throw new InvalidOperationException($"cannot pad {wasm.Length} bytes to {length}");
    }

    private static IEnumerable<byte> Leb128(uint value)
    {
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            yield return value == 0 ? b : (byte)(b | 0x80);
        }
        while (value != 0);
    }
}
