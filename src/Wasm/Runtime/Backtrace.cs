using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;

namespace PluginHost.Wasm;

/// <summary>Builds the wasm backtrace of a trap from the .NET stack trace (compiled methods are named "f{index}").</summary>
internal static class Backtrace
{
    private static readonly ConditionalWeakTable<Type, Module> Modules = new();

    /// <summary>Remembers which module a generated type holds the code of.</summary>
    internal static void Register(Type type, Module module) => Modules.AddOrUpdate(type, module);

    /// <summary>Most frames listed; deeper ones are summarised as a count.</summary>
    private const int MaxFrames = 100;

    /// <summary>The wasm frames of the exception's stack trace, innermost first, one per line; null if none.</summary>
    internal static string? Capture(Exception e)
    {
        var builder = new StringBuilder();
        var frames = new StackTrace(e, false).GetFrames();
        var count = 0;
        foreach (var frame in frames)
        {
            var method = frame.GetMethod();
            if (method?.DeclaringType is not { } type || !Modules.TryGetValue(type, out var module)) continue;
            if (!method.Name.StartsWith('f') || !uint.TryParse(method.Name.AsSpan(1), out var index)) continue;
            if (++count > MaxFrames) continue;
            if (builder.Length > 0) builder.Append('\n');
            builder.Append(module.FunctionName(index));
        }
        if (count > MaxFrames) builder.Append($"\n... {count - MaxFrames} more frames");
        return builder.Length == 0 ? null : builder.ToString();
    }
}
