using Wasmtime;

namespace PluginHost.Plugins.Hosting;

/// <summary>Turns what Wasmtime throws while a plugin runs into one clear sentence.</summary>
public static class PluginFailure
{
    /// <summary>What went wrong; <paramref name="memoryBytes"/> is the store's memory size after the failure (if known),
    /// used to tell a memory-limit hit from other traps.</summary>
    public static string Describe(Exception error, StepLimits limits, long? memoryBytes = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(limits);
        var kind = Classify(error, limits, memoryBytes);
        return kind switch
        {
            PluginFailureKind.ComputeTime => $"plugin exceeded its {FormatSeconds(limits.ComputeTime)} compute-time limit"
                + (limits.ComputeLimitHint is null ? "" : $"; raise it with {limits.ComputeLimitHint}"),
            PluginFailureKind.Fuel => $"plugin ran out of fuel ({limits.Fuel} units)",
            PluginFailureKind.Memory => $"plugin exceeded its memory limit of {FormatBytes(limits.MemoryBytes)}",
            PluginFailureKind.Stack => "plugin's call stack exhausted (runaway recursion)",
            PluginFailureKind.Trap => $"plugin trapped: {Reason(error)}",
            _ => Reason(error),
        };
    }

    /// <summary>The kind of failure (see <see cref="Describe"/>).</summary>
    public static PluginFailureKind Classify(Exception error, StepLimits limits, long? memoryBytes = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(limits);
        if (error is InsufficientExecutionStackException or StackOverflowException) return PluginFailureKind.Stack;
        var code = (error as TrapException)?.Type;
        var message = error.Message;
        if (code == TrapCode.Interrupt || message.Contains("interrupt", StringComparison.OrdinalIgnoreCase)) return PluginFailureKind.ComputeTime;
        if (code == TrapCode.OutOfFuel || message.Contains("all fuel consumed", StringComparison.OrdinalIgnoreCase)) return PluginFailureKind.Fuel;
        if (code == TrapCode.StackOverflow || message.Contains("call stack exhausted", StringComparison.OrdinalIgnoreCase)) return PluginFailureKind.Stack;
        if (message.Contains("memory minimum size", StringComparison.OrdinalIgnoreCase)
            || message.Contains("exceeds memory limits", StringComparison.OrdinalIgnoreCase)
            || message.Contains("resource limit exceeded", StringComparison.OrdinalIgnoreCase)
            || (memoryBytes is { } m && NearLimit(m, limits.MemoryBytes)))
            return PluginFailureKind.Memory;
        return error is TrapException || error is WasmtimeException ? PluginFailureKind.Trap : PluginFailureKind.Other;
    }

    /// <summary>A memory this close to its limit means the guest's last grow was refused.</summary>
    private static bool NearLimit(long size, long limit) => size + Math.Max(1L << 20, limit / 8) >= limit;

    /// <summary>The cause of a Wasmtime error in one line: the text after "Caused by:" (the trap itself, e.g. "wasm
    /// `unreachable` instruction executed") rather than the "error while executing at wasm backtrace:" header.</summary>
    public static string Reason(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Message;
        var i = message.LastIndexOf("Caused by:", StringComparison.Ordinal);
        var reason = FirstLine(i < 0 ? message : message[(i + "Caused by:".Length)..].TrimStart());
        const string prefix = "wasm trap: ";
        return reason.StartsWith(prefix, StringComparison.Ordinal) ? reason[prefix.Length..] : reason;
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n');
        return (i < 0 ? s : s[..i]).Trim();
    }

    /// <summary>"60 s", "1.5 s".</summary>
    public static string FormatSeconds(TimeSpan t) =>
        $"{t.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s";

    /// <summary>"64 MiB", "512 KiB", "100 bytes".</summary>
    public static string FormatBytes(long b) =>
        b % (1L << 20) == 0 ? $"{b >> 20} MiB" : b % 1024 == 0 ? $"{b >> 10} KiB" : $"{b} bytes";
}

/// <summary>Kinds of plugin failure.</summary>
public enum PluginFailureKind
{
    /// <summary>Compute-time limit (epoch deadline) reached.</summary>
    ComputeTime,
    /// <summary>Fuel exhausted.</summary>
    Fuel,
    /// <summary>Memory limit reached.</summary>
    Memory,
    /// <summary>Wasm call stack exhausted.</summary>
    Stack,
    /// <summary>Any other trap.</summary>
    Trap,
    /// <summary>Not a trap (a host error).</summary>
    Other,
}
