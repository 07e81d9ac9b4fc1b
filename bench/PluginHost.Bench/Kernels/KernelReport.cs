using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace PluginHost.Bench.Kernels;

/// <summary>The side-by-side table of both engines, as markdown.</summary>
public sealed class KernelReport
{
    /// <summary>The goal: geometric mean of (ours / V8) time ratios at most this.</summary>
    public const double GoalRatio = 0.85;

    private readonly KernelPlan _plan;
    private readonly EngineResult _ours;
    private readonly IReadOnlyList<EngineResult> _variants;
    private readonly EngineResult? _v8;
    private readonly ExpectedChecksums _expected;

    /// <summary>Creates a report of <paramref name="ours"/> (the one the goal is about) and other configurations of
    /// ours (<paramref name="variants"/>: the cost of epoch checks and fuel); v8 is null when Node was skipped.</summary>
    public KernelReport(KernelPlan plan, EngineResult ours, IReadOnlyList<EngineResult> variants, EngineResult? v8, ExpectedChecksums expected)
    {
        _plan = plan;
        _ours = ours;
        _variants = variants;
        _v8 = v8;
        _expected = expected;
        Mismatches = FindMismatches();
        Ratios = _plan.Kernels
            .Select(k => (Ours: Find(_ours, k.Kernel), V8: Find(_v8, k.Kernel)))
            .Where(p => p.Ours is not null && p.V8 is not null && p.V8.Ms > 0)
            .Select(p => p.Ours!.Ms / p.V8!.Ms)
            .ToList();
    }

    /// <summary>Checksum disagreements (between engines or with expected.json), one line each.</summary>
    public IReadOnlyList<string> Mismatches { get; }

    /// <summary>Ours/V8 time ratio of each kernel both engines timed.</summary>
    public IReadOnlyList<double> Ratios { get; }

    /// <summary>Geometric mean of the ratios, when every kernel has one.</summary>
    public double? GeometricMeanRatio => Ratios.Count > 0 && Ratios.Count == _plan.Kernels.Count ? Stats.GeometricMean(Ratios) : null;

    /// <summary>The markdown text.</summary>
    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("## In-process, after warm-up (V8 fully tiered up; not the issue's whole-program measurement)");
        sb.AppendLine();
        sb.AppendLine(c, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {_v8?.Engine ?? "V8 skipped"}.");
        sb.AppendLine(c, $"Module `{Path.GetFileName(_plan.WasmPath)}`; per kernel {_plan.Warmup} warm-up runs, then the median of {_plan.Runs} timed runs (wall clock, one instance per engine).");
        sb.AppendLine();
        sb.AppendLine(c, $"Ours = {_ours.Engine}; the other Wasmtime columns are the same engine as a node's `wasi` step configures it (epoch checks compiled in) and with fuel metering as well: the cost of epoch interruption and of fuel.");
        sb.AppendLine();
        sb.AppendLine($"| kernel | n | checksum | ours ms | {string.Join(" | ", _variants.Select(v => v.Engine.Split(", ")[^1] + " ms"))} | V8 ms | ours / V8 |");
        sb.AppendLine($"| --- | ---: | ---: | ---: | {string.Join(" | ", _variants.Select(_ => "---:"))} | ---: | ---: |");
        foreach (var (kernel, n) in _plan.Kernels)
        {
            var o = Find(_ours, kernel);
            var v = Find(_v8, kernel);
            var checksum = (o ?? v)?.Checksum.ToString(c) ?? "-";
            if (o is not null && v is not null && o.Checksum != v.Checksum)
                checksum = $"MISMATCH ours {o.Checksum} / V8 {v.Checksum}";
            var ratio = o is not null && v is not null && v.Ms > 0 ? (o.Ms / v.Ms).ToString("0.00", c) : "-";
            var others = string.Join(" | ", _variants.Select(x => Ms(Find(x, kernel))));
            sb.AppendLine(c, $"| {kernel} | {n} | {checksum} | {Ms(o)} | {others} | {Ms(v)} | {ratio} |");
        }
        var geo = GeometricMeanRatio;
        var verdict = geo is null ? "" : geo <= GoalRatio ? " (goal <= 0.85: met)" : " (goal <= 0.85: NOT met)";
        var gaps = string.Join(" | ", _variants.Select(x => VsOurs(x)));
        sb.AppendLine(c, $"| **geometric mean** | | | | {gaps} | | **{(geo is null ? "-" : geo.Value.ToString("0.00", c))}**{verdict} |");
        sb.AppendLine();
        var bytes = _ours.Compile?.Bytes ?? _v8?.Compile?.Bytes ?? 0;
        sb.AppendLine(c, $"Compile time per MiB over {_plan.CompileFiles.Count} modules ({bytes} bytes: the kernels and the WASI fixtures), median per module, summed:");
        sb.AppendLine();
        sb.AppendLine("| compile | ms/MiB |");
        sb.AppendLine("| --- | ---: |");
        sb.AppendLine(c, $"| Wasmtime (Module.FromBytes, Cranelift) | {PerMb(_ours.Compile)} |");
        sb.AppendLine(c, $"| V8 eager (every function through Liftoff, the baseline tier) | {PerMb(_v8?.Compile)} |");
        sb.AppendLine(c, $"| V8 lazy (Node's default: decode + validate, functions compile on first call) | {PerMb(_v8?.CompileLazy)} |");
        sb.AppendLine();
        if (_ours.Error is not null)
            sb.AppendLine(c, $"- ours did not run: {_ours.Error}");
        foreach (var x in _variants.Where(x => x.Error is not null))
            sb.AppendLine(c, $"- {x.Engine} did not run: {x.Error}");
        if (_v8?.Error is not null)
            sb.AppendLine(c, $"- V8 did not run: {_v8.Error}");
        foreach (var m in Mismatches)
            sb.AppendLine(c, $"- checksum mismatch: {m}");
        return sb.ToString();
    }

    private List<string> FindMismatches()
    {
        var list = new List<string>();
        foreach (var (kernel, n) in _plan.Kernels)
        {
            var known = _expected.Find(kernel, n);
            foreach (var result in new[] { _ours, _v8 }.Concat(_variants))
            {
                var t = Find(result, kernel);
                if (t is not null && known is not null && t.Checksum != known)
                    list.Add($"{kernel}({n}) on {result!.Engine}: {t.Checksum}, expected.json says {known}");
            }
            var o = Find(_ours, kernel);
            var v = Find(_v8, kernel);
            if (o is not null && v is not null && o.Checksum != v.Checksum)
                list.Add($"{kernel}({n}): ours {o.Checksum}, V8 {v.Checksum}");
        }
        return list;
    }

    /// <summary>A variant's geometric-mean time over ours, e.g. "x1.19 of ours".</summary>
    private string VsOurs(EngineResult variant)
    {
        var r = _plan.Kernels.Select(k => (A: Find(variant, k.Kernel), B: Find(_ours, k.Kernel)))
            .Where(p => p.A is not null && p.B is not null && p.B.Ms > 0).Select(p => p.A!.Ms / p.B!.Ms).ToList();
        return r.Count == _plan.Kernels.Count ? $"x{Stats.GeometricMean(r).ToString("0.00", CultureInfo.InvariantCulture)} of ours" : "-";
    }

    private static KernelTiming? Find(EngineResult? r, string kernel) => r?.Kernels.FirstOrDefault(k => k.Kernel == kernel);

    private static string Ms(KernelTiming? t) => t is null ? "-" : t.Ms.ToString("0.00", CultureInfo.InvariantCulture);

    private static string PerMb(CompileTiming? t) => t is null ? "-" : t.MsPerMB.ToString("0.0", CultureInfo.InvariantCulture);
}
