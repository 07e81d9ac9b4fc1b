using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace PluginHost.Wasm.Wasi;

public sealed partial class WasiContext
{
    private static readonly long MonotonicStart = Stopwatch.GetTimestamp();

    private void DefineArgsAndEnvironment(Linker linker)
    {
        var args = _config.Args.Select(a => Encoding.UTF8.GetBytes(a + "\0")).ToArray();
        var env = _config.Env.Select(kv => Encoding.UTF8.GetBytes($"{kv.Key}={kv.Value}\0")).ToArray();
        linker.DefineFunction(ModuleName, "args_sizes_get", (Caller c, int countPtr, int sizePtr) => Guard(() => Sizes(c, args, countPtr, sizePtr)));
        linker.DefineFunction(ModuleName, "args_get", (Caller c, int ptrs, int buf) => Guard(() => Strings(c, args, ptrs, buf)));
        linker.DefineFunction(ModuleName, "environ_sizes_get", (Caller c, int countPtr, int sizePtr) => Guard(() => Sizes(c, env, countPtr, sizePtr)));
        linker.DefineFunction(ModuleName, "environ_get", (Caller c, int ptrs, int buf) => Guard(() => Strings(c, env, ptrs, buf)));
    }

    private static WasiErrno Sizes(Caller caller, byte[][] strings, int countPtr, int sizePtr)
    {
        var mem = new GuestMemory(caller);
        mem.WriteU32(countPtr, (uint)strings.Length);
        mem.WriteU32(sizePtr, (uint)strings.Sum(s => s.Length));
        return WasiErrno.Success;
    }

    private static WasiErrno Strings(Caller caller, byte[][] strings, int ptrs, int buf)
    {
        var mem = new GuestMemory(caller);
        foreach (var s in strings)
        {
            mem.WriteU32(ptrs, (uint)buf);
            s.CopyTo(mem.Span(buf, s.Length));
            ptrs += 4;
            buf += s.Length;
        }
        return WasiErrno.Success;
    }

    private void DefineClocksRandomAndProcess(Linker linker)
    {
        linker.DefineFunction(ModuleName, "clock_res_get", (Caller c, int id, int resultPtr) => Guard(() =>
        {
            if (id is < 0 or > 3) return WasiErrno.Inval;
            new GuestMemory(c).WriteU64(resultPtr, id == 0 ? 1_000UL : (ulong)Math.Max(1, 1_000_000_000 / Stopwatch.Frequency));
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "clock_time_get", (Caller c, int id, long precision, int resultPtr) => Guard(() =>
        {
            if (id is < 0 or > 3) return WasiErrno.Inval;
            new GuestMemory(c).WriteU64(resultPtr, Now(id));
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "random_get", (Caller c, int buf, int length) => Guard(() =>
        {
            RandomNumberGenerator.Fill(new GuestMemory(c).Span(buf, length));
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "proc_exit", (Caller c, int code) =>
        {
            ExitCode = code;
            throw new WasiExitException(code);
        });
        linker.DefineFunction(ModuleName, "proc_raise", (Caller c, int signal) => (int)WasiErrno.NoSys);
        linker.DefineFunction(ModuleName, "sched_yield", (Caller c) =>
        {
            Thread.Yield();
            return (int)WasiErrno.Success;
        });
    }

    /// <summary>Nanoseconds on the given WASI clock (realtime since the epoch; the others since process start).</summary>
    private static ulong Now(int clockId) => clockId == 0
        ? (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100
        : (ulong)((double)(Stopwatch.GetTimestamp() - MonotonicStart) * 1_000_000_000 / Stopwatch.Frequency);
}
