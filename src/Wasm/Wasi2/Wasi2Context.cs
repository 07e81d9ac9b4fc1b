using PluginHost.Wasm.Wasi;
using System.Diagnostics;
using PluginHost.Wasm.Components;

namespace PluginHost.Wasm.Wasi2;

/// <summary>The state of one WASI 0.2 guest (streams, descriptors, pollables); add its host functions to a linker with <see cref="AddToLinker"/>.</summary>
/// <remarks>
/// Implements wasi:cli, wasi:io, wasi:clocks, wasi:random and a read-only wasi:filesystem (writes answer
/// error-code `read-only`, paths may not leave a preopen). wasi:sockets and wasi:http are present but refuse
/// every address and request (see <see cref="Refusal"/>). Interfaces are defined at version 0.2.0 and satisfy
/// any 0.2.x import. One context serves one store.
/// </remarks>
public sealed partial class Wasi2Context
{
    /// <summary>The version the interfaces are defined at.</summary>
    public const string Version = "0.2.0";

    private readonly ResourceTable<InputStream2> _inputs = new();
    private readonly ResourceTable<OutputStream2> _outputs = new();
    private readonly ResourceTable<string> _errors = new();
    private readonly ResourceTable<Pollable2> _pollables = new();
    private readonly ResourceTable<Descriptor2> _descriptors = new();
    private readonly ResourceTable<DirectoryStream2> _dirStreams = new();
    private readonly Random _insecure;
    private ResourceType _inputType = null!;
    private ResourceType _outputType = null!;
    private ResourceType _errorType = null!;
    private ResourceType _pollableType = null!;
    private ResourceType _descriptorType = null!;
    private ResourceType _dirStreamType = null!;

    /// <summary>Creates a context from a configuration.</summary>
    public Wasi2Context(Wasi2Config config)
    {
        Config = config ?? throw new ArgumentNullException(nameof(config));
        foreach (var p in config.Preopens)
            if (!Directory.Exists(p.HostPath)) throw new ArgumentException($"preopen host directory `{p.HostPath}` does not exist");
        _insecure = config.InsecureSeed is { } seed ? new Random((int)seed ^ (int)(seed >> 32)) : new Random();
    }

    /// <summary>The configuration.</summary>
    public Wasi2Config Config { get; }

    /// <summary>Live host resources (streams, descriptors, pollables...) — for tests of resource cleanup.</summary>
    public int LiveResources => _inputs.Count + _outputs.Count + _errors.Count + _pollables.Count + _descriptors.Count + _dirStreams.Count;

    private static string I(string name) => $"{name}@{Version}";

    /// <summary>Defines every WASI 0.2 interface in the linker.</summary>
    public void AddToLinker(ComponentLinker linker)
    {
        ArgumentNullException.ThrowIfNull(linker);
        AddIo(linker);
        AddCli(linker);
        AddClocks(linker);
        AddRandom(linker);
        AddFilesystem(linker);
        AddRefused(linker);
    }

    private void AddIo(ComponentLinker linker)
    {
        var error = linker.Instance(I("wasi:io/error"));
        _errorType = error.DefineResource("error", rep => _errors.Remove(rep));
        error.DefineMethod("error", "to-debug-string", a => ComponentValue.String(_errors.Get(a[0].HandleRep)));
        error.Fallback = Refusal.Refuse();

        var poll = linker.Instance(I("wasi:io/poll"));
        _pollableType = poll.DefineResource("pollable", rep => _pollables.Remove(rep));
        poll.DefineMethod("pollable", "ready", a => ComponentValue.Bool(_pollables.Get(a[0].HandleRep).Ready));
        poll.DefineMethod("pollable", "block", a =>
        {
            Block([_pollables.Get(a[0].HandleRep)]);
            return null;
        });
        poll.DefineFunction("poll", a =>
        {
            var list = a[0].Items.Select(h => _pollables.Get(h.HandleRep)).ToArray();
            if (list.Length == 0) throw new WasmTrapException(TrapKind.HostError, "wasi:io/poll.poll called with an empty list");
            Block(list);
            var ready = new List<ComponentValue>();
            for (var i = 0; i < list.Length; i++) if (list[i].Ready) ready.Add(ComponentValue.U32((uint)i));
            return ComponentValue.List(ready.ToArray());
        });
        poll.Fallback = Refusal.Refuse();

        var streams = linker.Instance(I("wasi:io/streams"));
        _inputType = streams.DefineResource("input-stream", rep => _inputs.Remove(rep)?.Dispose());
        _outputType = streams.DefineResource("output-stream", rep => _outputs.Remove(rep));
        ComponentValue Read(ComponentValue[] a)
        {
            var s = _inputs.Get(a[0].HandleRep);
            var len = (int)Math.Min(a[1].AsU64, 1 << 20);
            if (s.Closed) return ComponentValue.Err(ComponentValue.Case("closed"));
            var buffer = new byte[len];
            var n = len == 0 ? 0 : s.Source.Read(buffer, 0, len);
            if (n == 0 && len > 0)
            {
                s.Closed = true;
                return ComponentValue.Err(ComponentValue.Case("closed"));
            }
            return ComponentValue.Ok(ComponentValue.Bytes(buffer[..n]));
        }
        streams.DefineMethod("input-stream", "read", Read);
        streams.DefineMethod("input-stream", "blocking-read", Read);
        ComponentValue Skip(ComponentValue[] a)
        {
            var r = Read(a);
            return r.IsOk ? ComponentValue.Ok(ComponentValue.U64((ulong)r.Payload!.AsBytes.Length)) : r;
        }
        streams.DefineMethod("input-stream", "skip", Skip);
        streams.DefineMethod("input-stream", "blocking-skip", Skip);
        streams.DefineMethod("input-stream", "subscribe", _ => NewPollable(null));

        streams.DefineMethod("output-stream", "check-write", a =>
        {
            _outputs.Get(a[0].HandleRep);
            return ComponentValue.Ok(ComponentValue.U64(1 << 20));
        });
        ComponentValue Write(ComponentValue[] a)
        {
            _outputs.Get(a[0].HandleRep).Sink.Write(a[1].AsBytes);
            return ComponentValue.Ok();
        }
        streams.DefineMethod("output-stream", "write", Write);
        streams.DefineMethod("output-stream", "blocking-write-and-flush", Write);
        ComponentValue WriteZeroes(ComponentValue[] a)
        {
            _outputs.Get(a[0].HandleRep).Sink.Write(new byte[Math.Min(a[1].AsU64, 1 << 20)]);
            return ComponentValue.Ok();
        }
        streams.DefineMethod("output-stream", "write-zeroes", WriteZeroes);
        streams.DefineMethod("output-stream", "blocking-write-zeroes-and-flush", WriteZeroes);
        ComponentValue Flush(ComponentValue[] a)
        {
            _outputs.Get(a[0].HandleRep);
            return ComponentValue.Ok();
        }
        streams.DefineMethod("output-stream", "flush", Flush);
        streams.DefineMethod("output-stream", "blocking-flush", Flush);
        streams.DefineMethod("output-stream", "subscribe", _ => NewPollable(null));
        ComponentValue Splice(ComponentValue[] a)
        {
            var output = _outputs.Get(a[0].HandleRep);
            var r = Read([a[1], a[2]]);
            if (!r.IsOk) return r;
            var bytes = r.Payload!.AsBytes;
            output.Sink.Write(bytes);
            return ComponentValue.Ok(ComponentValue.U64((ulong)bytes.Length));
        }
        streams.DefineMethod("output-stream", "splice", Splice);
        streams.DefineMethod("output-stream", "blocking-splice", Splice);
        streams.Fallback = Refusal.Refuse("closed");
    }

    private ComponentValue NewPollable(long? deadline) => ComponentValue.Own(_pollableType, _pollables.Add(new Pollable2(deadline)));

    /// <summary>Waits until at least one pollable is ready (clock pollables sleep until their deadline).</summary>
    private static void Block(IReadOnlyList<Pollable2> list)
    {
        if (list.Any(p => p.Ready)) return;
        var earliest = list.Min(p => p.DeadlineTicks!.Value);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), earliest);
        if (wait > TimeSpan.Zero) Thread.Sleep(wait);
    }

    private ComponentValue NewOutput(OutputSink sink) => ComponentValue.Own(_outputType, _outputs.Add(new OutputStream2(sink)));

    private void AddCli(ComponentLinker linker)
    {
        var env = linker.Instance(I("wasi:cli/environment"));
        env.DefineFunction("get-environment", _ => ComponentValue.List(Config.Env
            .Select(kv => ComponentValue.Tuple(ComponentValue.String(kv.Key), ComponentValue.String(kv.Value))).ToArray()));
        env.DefineFunction("get-arguments", _ => ComponentValue.List(Config.Args.Select(ComponentValue.String).ToArray()));
        env.DefineFunction("initial-cwd", _ => ComponentValue.Option(Config.InitialCwd is { } c ? ComponentValue.String(c) : null));

        var exit = linker.Instance(I("wasi:cli/exit"));
        exit.DefineFunction("exit", a => throw new Wasi2ExitException(a[0].IsOk ? 0 : 1));
        exit.DefineFunction("exit-with-code", a => throw new Wasi2ExitException((int)a[0].AsU64));

        linker.Instance(I("wasi:cli/stdin")).DefineFunction("get-stdin",
            _ => ComponentValue.Own(_inputType, _inputs.Add(new InputStream2(new MemoryStream(Config.Stdin, false)))));
        linker.Instance(I("wasi:cli/stdout")).DefineFunction("get-stdout", _ => NewOutput(Config.Stdout));
        linker.Instance(I("wasi:cli/stderr")).DefineFunction("get-stderr", _ => NewOutput(Config.Stderr));

        // No terminal is attached: the getters return none.
        linker.Instance(I("wasi:cli/terminal-input")).DefineResource("terminal-input");
        linker.Instance(I("wasi:cli/terminal-output")).DefineResource("terminal-output");
        linker.Instance(I("wasi:cli/terminal-stdin")).DefineFunction("get-terminal-stdin", _ => ComponentValue.None);
        linker.Instance(I("wasi:cli/terminal-stdout")).DefineFunction("get-terminal-stdout", _ => ComponentValue.None);
        linker.Instance(I("wasi:cli/terminal-stderr")).DefineFunction("get-terminal-stderr", _ => ComponentValue.None);
    }

    private void AddClocks(ComponentLinker linker)
    {
        var mono = linker.Instance(I("wasi:clocks/monotonic-clock"));
        mono.DefineFunction("now", _ => ComponentValue.U64((ulong)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency))));
        mono.DefineFunction("resolution", _ => ComponentValue.U64((ulong)Math.Max(1, 1_000_000_000 / Stopwatch.Frequency)));
        mono.DefineFunction("subscribe-instant", a =>
        {
            var nowNs = (ulong)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
            var delta = a[0].AsU64 > nowNs ? a[0].AsU64 - nowNs : 0;
            return NewPollable(Deadline(delta));
        });
        mono.DefineFunction("subscribe-duration", a => NewPollable(Deadline(a[0].AsU64)));

        var wall = linker.Instance(I("wasi:clocks/wall-clock"));
        wall.DefineFunction("now", _ =>
        {
            var ticks = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks;
            return ComponentValue.Record(ComponentValue.U64((ulong)(ticks / TimeSpan.TicksPerSecond)), ComponentValue.U32((uint)(ticks % TimeSpan.TicksPerSecond * 100)));
        });
        wall.DefineFunction("resolution", _ => ComponentValue.Record(ComponentValue.U64(0), ComponentValue.U32(100)));
    }

    private static long Deadline(ulong nanoseconds)
    {
        var ticks = nanoseconds >= long.MaxValue / 2 ? long.MaxValue / 4 : (long)(nanoseconds * (Stopwatch.Frequency / 1_000_000_000.0));
        return Stopwatch.GetTimestamp() + ticks;
    }

    private void AddRandom(ComponentLinker linker)
    {
        var secure = linker.Instance(I("wasi:random/random"));
        secure.DefineFunction("get-random-bytes", a => ComponentValue.Bytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes((int)Math.Min(a[0].AsU64, 1 << 20))));
        secure.DefineFunction("get-random-u64", _ => ComponentValue.U64(BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))));
        var insecure = linker.Instance(I("wasi:random/insecure"));
        insecure.DefineFunction("get-insecure-random-bytes", a =>
        {
            var bytes = new byte[Math.Min(a[0].AsU64, 1 << 20)];
            _insecure.NextBytes(bytes);
            return ComponentValue.Bytes(bytes);
        });
        insecure.DefineFunction("get-insecure-random-u64", _ => ComponentValue.U64((ulong)_insecure.NextInt64()));
        linker.Instance(I("wasi:random/insecure-seed")).DefineFunction("insecure-seed",
            _ => ComponentValue.Tuple(ComponentValue.U64((ulong)_insecure.NextInt64()), ComponentValue.U64((ulong)_insecure.NextInt64())));
    }

    private static void AddRefused(ComponentLinker linker)
    {
        foreach (var name in new[] { "network", "instance-network", "ip-name-lookup", "tcp", "tcp-create-socket", "udp", "udp-create-socket" })
            linker.Instance(I($"wasi:sockets/{name}")).Fallback = Refusal.Refuse("access-denied", "not-supported");
        foreach (var name in new[] { "types", "outgoing-handler", "incoming-handler" })
            linker.Instance(I($"wasi:http/{name}")).Fallback = Refusal.Refuse("HTTP-request-denied", "access-denied");
        foreach (var name in new[] { "wasi:cli/environment", "wasi:cli/stdin", "wasi:cli/stdout", "wasi:cli/stderr", "wasi:clocks/monotonic-clock", "wasi:clocks/wall-clock", "wasi:random/random", "wasi:random/insecure", "wasi:random/insecure-seed", "wasi:cli/terminal-input", "wasi:cli/terminal-output", "wasi:cli/terminal-stdin", "wasi:cli/terminal-stdout", "wasi:cli/terminal-stderr", "wasi:filesystem/preopens" })
            linker.Instance(I(name)).Fallback ??= Refusal.Refuse("unsupported");
    }
}
