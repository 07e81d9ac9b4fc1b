namespace PluginHost.Wasm.Wasi;

public sealed partial class WasiContext
{
    private const byte EventClock = 0, EventFdRead = 1, EventFdWrite = 2;

    private void DefinePollAndSockets(Linker linker)
    {
        linker.DefineFunction(ModuleName, "poll_oneoff", (Caller c, int input, int output, int count, int neventsPtr) => Guard(() =>
            Poll(c, input, output, count, neventsPtr)));
        linker.DefineFunction(ModuleName, "sock_accept", (Caller c, int fd, int flags, int resultPtr) => Guard(() => NotASocket(fd)));
        linker.DefineFunction(ModuleName, "sock_recv", (Caller c, int fd, int data, int dataLen, int flags, int lenPtr, int flagsPtr) => Guard(() => NotASocket(fd)));
        linker.DefineFunction(ModuleName, "sock_send", (Caller c, int fd, int data, int dataLen, int flags, int lenPtr) => Guard(() => NotASocket(fd)));
        linker.DefineFunction(ModuleName, "sock_shutdown", (Caller c, int fd, int how) => Guard(() => NotASocket(fd)));
    }

    private WasiErrno NotASocket(int fd)
    {
        Fd(fd);
        return WasiErrno.NotSock;
    }

    /// <summary>Clock subscriptions sleep until the earliest deadline; fd subscriptions are always ready (files and streams never block here).</summary>
    private WasiErrno Poll(Caller caller, int input, int output, int count, int neventsPtr)
    {
        if (count <= 0) return WasiErrno.Inval;
        var mem = new GuestMemory(caller);
        var ready = new List<(ulong UserData, WasiErrno Error, byte Type, ulong NBytes)>();
        ulong? earliestClock = null;
        var clockEvents = new List<(ulong UserData, ulong Deadline)>();
        for (var i = 0; i < count; i++)
        {
            var sub = input + i * 48;
            var userData = mem.ReadU64(sub);
            var tag = mem.ReadU8(sub + 8);
            switch (tag)
            {
                case EventClock:
                    var clockId = (int)mem.ReadU32(sub + 16);
                    var timeout = mem.ReadU64(sub + 24);
                    var absolute = (mem.ReadU16(sub + 40) & 1) != 0;
                    if (clockId is < 0 or > 3)
                    {
                        ready.Add((userData, WasiErrno.Inval, EventClock, 0));
                        break;
                    }
                    var now = Now(clockId);
                    var wait = absolute ? (timeout > now ? timeout - now : 0) : timeout;
                    clockEvents.Add((userData, wait));
                    earliestClock = Math.Min(earliestClock ?? ulong.MaxValue, wait);
                    break;
                case EventFdRead or EventFdWrite:
                    var fd = (int)mem.ReadU32(sub + 16);
                    if (!_fds.TryGetValue(fd, out var d)) ready.Add((userData, WasiErrno.Badf, tag, 0));
                    else ready.Add((userData, WasiErrno.Success, tag, d is FileDescriptor f && tag == EventFdRead
                        ? (ulong)Math.Max(0, f.Stream.Length - f.Stream.Position) : 0));
                    break;
                default:
                    return WasiErrno.Inval;
            }
        }
        if (ready.Count == 0 && earliestClock is { } ns)
        {
            SleepNs(ns);
            foreach (var (userData, deadline) in clockEvents)
                if (deadline == ns) ready.Add((userData, WasiErrno.Success, EventClock, 0));
        }
        for (var i = 0; i < ready.Count; i++)
        {
            var ev = output + i * 32;
            mem.Span(ev, 32).Clear();
            mem.WriteU64(ev, ready[i].UserData);
            mem.WriteU16(ev + 8, (ushort)ready[i].Error);
            mem.WriteU8(ev + 10, ready[i].Type);
            mem.WriteU64(ev + 16, ready[i].NBytes);
        }
        mem.WriteU32(neventsPtr, (uint)ready.Count);
        return WasiErrno.Success;
    }

    private void SleepNs(ulong ns)
    {
        var until = DateTime.UtcNow.AddTicks((long)Math.Min(ns / 100, (ulong)TimeSpan.FromDays(365).Ticks));
        while (DateTime.UtcNow < until)
        {
            if (_config.Cancellation.IsCancellationRequested) throw new WasmTrapException(TrapKind.Interrupted);
            var left = until - DateTime.UtcNow;
            Thread.Sleep(left > TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : left < TimeSpan.Zero ? TimeSpan.Zero : left);
        }
    }
}
