using System.Collections.Concurrent;
using PluginHost.Wasm.Model;

namespace PluginHost.Wasm;

/// <summary>Process-wide canonical ids of function signatures, so call_indirect compares one int.</summary>
internal static class SignatureRegistry
{
    private static readonly ConcurrentDictionary<FuncType, int> Ids = new();
    private static int _next;

    /// <summary>The id of a signature (structurally equal signatures share it).</summary>
    internal static int IdOf(FuncType type) => Ids.GetOrAdd(type, _ => Interlocked.Increment(ref _next));
}
