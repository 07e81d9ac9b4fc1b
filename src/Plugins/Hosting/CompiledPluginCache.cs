using System.Collections.Concurrent;
using System.Security.Cryptography;
using Wasmtime;
using Wasmtime.Components;

namespace PluginHost.Plugins.Hosting;

/// <summary>Compiled plugins keyed by the SHA-256 of their bytes: compiled once per process (concurrent requests
/// compile once) and kept on disk in a node-private directory as serialized artifacts keyed by sha256, Wasmtime
/// version and engine settings. A bad artifact is recompiled; an unwritable directory means memory only (one warning).</summary>
public sealed class CompiledPluginCache : IDisposable
{
    private readonly WasmEngine _engine;
    private readonly ConcurrentDictionary<string, Lazy<IDisposable>> _entries = new(StringComparer.Ordinal);
    private readonly Action<string> _warn;
    private readonly string _fingerprint;
    private string? _directory;
    private int _compilations, _diskHits, _warned;

    /// <summary>A cache on <paramref name="engine"/>, persisting into <paramref name="directory"/> (null = memory only);
    /// <paramref name="warn"/> receives the one warning about an unusable directory.</summary>
    public CompiledPluginCache(WasmEngine engine, string? directory, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _warn = warn ?? (_ => { });
        _fingerprint = Fnv64.Hex($"wasmtime={WasmEngine.WasmtimeVersion};{engine.Settings.CompileFingerprint}");
        _directory = directory is null ? null : Prepare(directory);
    }

    /// <summary>How many plugins were compiled from wasm so far.</summary>
    public int Compilations => Volatile.Read(ref _compilations);

    /// <summary>How many plugins were loaded from an on-disk artifact so far.</summary>
    public int DiskHits => Volatile.Read(ref _diskHits);

    /// <summary>How many compiled plugins are held (and being compiled) now.</summary>
    public int Count => _entries.Count;

    /// <summary>The directory in use (null when memory only).</summary>
    public string? Directory => Volatile.Read(ref _directory);

    /// <summary>Lowercase hex SHA-256 of the bytes.</summary>
    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The compiled core module of <paramref name="wasm"/> (throws what Wasmtime throws on invalid wasm).</summary>
    public Module GetModule(byte[] wasm, string name)
    {
        ArgumentNullException.ThrowIfNull(wasm);
        return GetModule(wasm, Hash(wasm), name);
    }

    /// <summary>The compiled core module of <paramref name="wasm"/>, whose SHA-256 the caller has computed already.</summary>
    public Module GetModule(byte[] wasm, string sha256, string name) =>
        (Module)Get(wasm, sha256, "module", bytes => Module.FromBytes(_engine.Engine, name, bytes), m => ((Module)m).Serialize(),
            file => Module.DeserializeFile(_engine.Engine, name, file));

    /// <summary>The compiled core module of the wasm whose SHA-256 is <paramref name="sha256"/>, from memory or its on-disk
    /// artifact, without the wasm; null when neither has it.</summary>
    public Module? FindModule(string sha256, string name) =>
        (Module?)Find($"{sha256}-module", file => Module.DeserializeFile(_engine.Engine, name, file));

    /// <summary>The compiled component of <paramref name="wasm"/> (throws what Wasmtime throws on invalid wasm).</summary>
    public Component GetComponent(byte[] wasm)
    {
        ArgumentNullException.ThrowIfNull(wasm);
        return GetComponent(wasm, Hash(wasm));
    }

    /// <summary>The compiled component of <paramref name="wasm"/>, whose SHA-256 the caller has computed already.</summary>
    public Component GetComponent(byte[] wasm, string sha256) =>
        (Component)Get(wasm, sha256, "component", bytes => Component.FromBytes(_engine.Engine, bytes), c => ((Component)c).Serialize(),
            DeserializeComponent);

    /// <summary>The compiled component of the wasm whose SHA-256 is <paramref name="sha256"/>, from memory or from its
    /// on-disk artifact, without the wasm; null when neither has it (then compile it with <see cref="GetComponent(byte[], string)"/>).</summary>
    public Component? FindComponent(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        return (Component?)Find($"{sha256}-component", DeserializeComponent);
    }

    private IDisposable? Find(string key, Func<string, IDisposable> deserialize)
    {
        if (_entries.TryGetValue(key, out var known) && known.IsValueCreated) return known.Value;
        if (Directory is not { } dir || TryLoad(ArtifactPath(dir, key), deserialize) is not { } loaded) return null;
        var entry = _entries.GetOrAdd(key, new Lazy<IDisposable>(loaded));
        if (!ReferenceEquals(entry.Value, loaded)) loaded.Dispose();
        else Interlocked.Increment(ref _diskHits);
        return entry.Value;
    }

    private Component DeserializeComponent(string file) => Component.DeserializeFile(_engine.Engine, file);

    private string ArtifactPath(string dir, string key) => Path.Combine(dir, $"{key}-{_fingerprint}.cwasm");

    private IDisposable Get(byte[] wasm, string sha256, string kind, Func<byte[], IDisposable> compile, Func<IDisposable, byte[]> serialize,
        Func<string, IDisposable> deserialize)
    {
        ArgumentNullException.ThrowIfNull(wasm);
        ArgumentNullException.ThrowIfNull(sha256);
        var key = $"{sha256}-{kind}";
        var lazy = _entries.GetOrAdd(key, k => new Lazy<IDisposable>(() => Load(k, wasm, compile, serialize, deserialize),
            LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _entries.TryRemove(new KeyValuePair<string, Lazy<IDisposable>>(key, lazy));
            throw;
        }
    }

    private IDisposable Load(string key, byte[] wasm, Func<byte[], IDisposable> compile, Func<IDisposable, byte[]> serialize,
        Func<string, IDisposable> deserialize)
    {
        var dir = Directory;
        var path = dir is null ? null : ArtifactPath(dir, key);
        if (path is not null && TryLoad(path, deserialize) is { } loaded)
        {
            Interlocked.Increment(ref _diskHits);
            return loaded;
        }
        var compiled = compile(wasm);
        Interlocked.Increment(ref _compilations);
        if (path is not null) TryStore(path, serialize(compiled));
        return compiled;
    }

    /// <summary>The artifact at <paramref name="path"/>, or null when absent, unreadable, changed or corrupt (it is then
    /// deleted). The file name holds the source hash and engine fingerprint; the sidecar <c>.key</c> file holds the
    /// artifact's length and write time as stored, so a file changed since is recompiled without hashing the artifact,
    /// and Wasmtime maps the file itself (DeserializeFile) instead of reading it into memory.</summary>
    private static IDisposable? TryLoad(string path, Func<string, IDisposable> deserializeFile)
    {
        if (!File.Exists(path)) return null;
        try
        {
            if (!File.Exists(KeyPath(path)) || File.ReadAllText(KeyPath(path)) != KeyOf(path))
            {
                TryDelete(path);
                return null;
            }
            return deserializeFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or WasmtimeException)
        {
            TryDelete(path);
            return null;
        }
    }

    private static string KeyPath(string path) => path + ".key";

    private static string KeyOf(string path)
    {
        var info = new FileInfo(path);
        return $"{info.Length} {info.LastWriteTimeUtc.Ticks}";
    }

    private void TryStore(string path, byte[] artifact)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var keyTemp = temp + ".key";
        try
        {
            using (var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                f.Write(artifact);
                f.Flush(flushToDisk: true);
            }
            File.WriteAllText(keyTemp, KeyOf(temp));
            TryDelete(KeyPath(path));
            File.Move(temp, path, overwrite: true);
            File.Move(keyTemp, KeyPath(path), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            TryDelete(keyTemp);
            WarnOnce($"compiled-plugin cache {Path.GetDirectoryName(path)} is not writable ({e.Message}); compiling in memory only");
            Volatile.Write(ref _directory, null);
        }
    }

    private string? Prepare(string directory)
    {
        try
        {
            var full = Path.GetFullPath(directory);
            if (OperatingSystem.IsWindows()) System.IO.Directory.CreateDirectory(full);
            else
            {
                System.IO.Directory.CreateDirectory(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            var probe = Path.Combine(full, $".probe.{Environment.ProcessId}.{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            WarnOnce($"compiled-plugin cache {directory} is not usable ({e.Message}); compiling in memory only");
            return null;
        }
    }

    private void WarnOnce(string message)
    {
        if (Interlocked.Exchange(ref _warned, 1) == 0) _warn(message);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>Releases every compiled plugin.</summary>
    public void Dispose()
    {
        foreach (var entry in _entries.Values)
            if (entry.IsValueCreated) entry.Value.Dispose();
        _entries.Clear();
    }
}
