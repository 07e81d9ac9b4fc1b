using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace PluginHost.Wasm;

/// <summary>Compiled artefacts keyed by the SHA-256 of their bytes: each distinct content is compiled once per process,
/// even when many threads ask at once; a failed compile is not cached, so the next request tries again.</summary>
/// <typeparam name="T">What the bytes compile to (a core module, a component).</typeparam>
public sealed class CompileOnceCache<T>
{
    private readonly ConcurrentDictionary<string, Lazy<T>> _entries = new(StringComparer.Ordinal);
    private int _compilations;

    /// <summary>How many contents were compiled (cache misses) so far.</summary>
    public int Compilations => Volatile.Read(ref _compilations);

    /// <summary>Number of cached contents.</summary>
    public int Count => _entries.Count;

    /// <summary>Lowercase hex SHA-256 of the bytes: the cache key.</summary>
    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The compiled form of <paramref name="bytes"/>, calling <paramref name="compile"/> on first use; rethrows
    /// what compile throws.</summary>
    public T Get(byte[] bytes, Func<byte[], T> compile)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var key = Hash(bytes);
        var lazy = _entries.GetOrAdd(key, _ => new Lazy<T>(() =>
        {
            Interlocked.Increment(ref _compilations);
            return compile(bytes);
        }, LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _entries.TryRemove(new KeyValuePair<string, Lazy<T>>(key, lazy));
            throw;
        }
    }
}
