using System.Text.Json;

namespace PluginHost.Bench.Kernels;

/// <summary>tests/fixtures/bench/expected.json: the benchmark n per kernel and the known checksums.</summary>
public sealed record ExpectedChecksums(IReadOnlyDictionary<string, int> BenchN, IReadOnlyDictionary<(string Kernel, int N), int> Checksums)
{
    /// <summary>Reads the file; throws <see cref="InvalidDataException"/> naming the file and field when malformed.</summary>
    public static ExpectedChecksums Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        if (!root.TryGetProperty("bench", out var bench) || bench.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{path}: expected an object field 'bench' (kernel -> n)");
        var benchN = bench.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        var sums = new Dictionary<(string, int), int>();
        if (root.TryGetProperty("checksums", out var list))
        {
            foreach (var item in list.EnumerateArray())
            {
                if (!item.TryGetProperty("kernel", out var k) || !item.TryGetProperty("n", out var n) || !item.TryGetProperty("checksum", out var c))
                    throw new InvalidDataException($"{path}: each 'checksums' entry needs 'kernel', 'n' and 'checksum'");
                sums[(k.GetString()!, n.GetInt32())] = c.GetInt32();
            }
        }
        return new ExpectedChecksums(benchN, sums);
    }

    /// <summary>The known checksum of kernel(n), or null.</summary>
    public int? Find(string kernel, int n) => Checksums.TryGetValue((kernel, n), out var c) ? c : null;
}
