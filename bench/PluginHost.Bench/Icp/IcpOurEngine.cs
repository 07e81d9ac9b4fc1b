using PluginHost.Wasm.Wasi;
using System.Diagnostics;
using System.Runtime;
using PluginHost.Plugins.Icp;
using PluginHost.Wasm;
using PluginHost.Wasm.Binary;
using PluginHost.Wasm.Validation;
using PluginHost.Wasm.Wasi2;

namespace PluginHost.Bench.Icp;

/// <summary>Our figures for one sync plugin: cold compile + instantiate (with where the time goes), warm instantiate
/// (cached component, new store) and exec calls per second on one instance.</summary>
public static class IcpOurEngine
{
    /// <summary>Where one cold start's time went, in milliseconds.</summary>
    /// <param name="DecodeValidateMs">Decoding and validating the component's core modules.</param>
    /// <param name="CompileMs">The whole of <see cref="SyncPlugin.Load"/> (decode, validate, IL generation, type creation).</param>
    /// <param name="InstantiateMs">The first instantiation.</param>
    /// <param name="FirstExecMs">The first exec (includes the .NET JIT of the guest functions it reaches).</param>
    /// <param name="FirstExecJitMs">.NET JIT time during the first exec.</param>
    /// <param name="SecondExecMs">A second exec on a new instance (JIT done).</param>
    public sealed record Cold(double DecodeValidateMs, double CompileMs, double InstantiateMs, double FirstExecMs, double FirstExecJitMs, double SecondExecMs)
    {
        /// <summary>Compile + first instantiate: the cold instantiate figure.</summary>
        public double ColdMs => CompileMs + InstantiateMs;
    }

    /// <summary>A cold start with a new engine.</summary>
    public static Cold MeasureCold(byte[] bytes, string mode, EngineConfig config)
    {
        var dv = Stopwatch.StartNew();
        foreach (var core in CoreModules(bytes)) Validator.Validate(ModuleDecoder.Decode(core));
        dv.Stop();
        var sw = Stopwatch.StartNew();
        var plugin = SyncPlugin.Load(new Engine(config), bytes, "plugin");
        var compileMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var instance = NewInstance(plugin, mode);
        var instantiateMs = sw.Elapsed.TotalMilliseconds;
        var jit0 = JitInfo.GetCompilationTime(currentThread: false);
        sw.Restart();
        Check(instance.Exec());
        var firstExecMs = sw.Elapsed.TotalMilliseconds;
        var jitMs = (JitInfo.GetCompilationTime(currentThread: false) - jit0).TotalMilliseconds;
        var second = NewInstance(plugin, mode);
        sw.Restart();
        Check(second.Exec());
        return new Cold(dv.Elapsed.TotalMilliseconds, compileMs, instantiateMs, firstExecMs, jitMs, sw.Elapsed.TotalMilliseconds);
    }

    /// <summary>Warm instantiate times (new store each) of a compiled plugin, in milliseconds.</summary>
    public static List<double> MeasureWarm(SyncPlugin plugin, string mode, int runs)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            NewInstance(plugin, mode);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    /// <summary>Execs per second on one instance (after a warm-up).</summary>
    public static double MeasureCalls(SyncPlugin plugin, string mode, int execs)
    {
        var instance = NewInstance(plugin, mode);
        for (var i = 0; i < Math.Min(200, execs); i++) Check(instance.Exec());
        var before = instance.Calls;
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < execs; i++) Check(instance.Exec());
        var secs = sw.Elapsed.TotalSeconds;
        if (mode == "call-host" && instance.Calls - before != execs) throw new InvalidOperationException($"expected {execs} canister calls, saw {instance.Calls - before}");
        return execs / secs;
    }

    /// <summary>A new instance of the plugin for <paramref name="mode"/>, its calls answered at once, output discarded.</summary>
    public static SyncPluginInstance NewInstance(SyncPlugin plugin, string mode)
    {
        var inv = new SyncInvocation
        {
            CanisterName = "backend",
            CanisterId = "bkyz2-fmaaa-aaaaa-qaaaq-cai",
            Environment = "local",
            BaseDir = Directory.GetCurrentDirectory(),
            Files = [("mode", mode)],
            ComputeLimit = TimeSpan.FromMinutes(10),
        };
        var gateway = new RecordingGateway(
            new Dictionary<(string, string), CanisterReply> { [(inv.CanisterId, "greet")] = CanisterReply.Ok("hello from the host"u8.ToArray()) }, _ => { });
        return new SyncPluginInstance(plugin, inv, gateway, OutputSink.Callback("stdout", _ => { }), OutputSink.Callback("stderr", _ => { }));
    }

    private static void Check(string? error)
    {
        if (error is not null) throw new InvalidOperationException($"exec failed: {error}");
    }

    // The core modules at the top level of a component binary (section id 1).
    private static IEnumerable<byte[]> CoreModules(byte[] bytes)
    {
        var pos = 8;
        while (pos < bytes.Length)
        {
            var id = bytes[pos++];
            var size = (int)Leb(bytes, ref pos);
            if (id == 1) yield return bytes[pos..(pos + size)];
            pos += size;
        }
    }

    private static ulong Leb(byte[] b, ref int pos)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var x = b[pos++];
            value |= (ulong)(x & 0x7f) << shift;
            if ((x & 0x80) == 0) return value;
        }
    }
}
