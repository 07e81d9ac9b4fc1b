using System.Text;

namespace PluginHost.Plugins.Extism;

/// <summary>What a host function sees of the calling plugin: its kernel memory, by handle.</summary>
public sealed class CurrentPlugin
{
    internal CurrentPlugin(KernelMemory memory, ExtismPlugin plugin)
    {
        Memory = memory;
        Plugin = plugin;
    }

    /// <summary>The kernel memory the handles point into.</summary>
    public KernelMemory Memory { get; }
    /// <summary>The plugin being called.</summary>
    public ExtismPlugin Plugin { get; }

    /// <summary>The bytes of a handle (empty for 0 or an invalid handle).</summary>
    public byte[] ReadBytes(long handle) => Memory.Read(handle).ToArray();

    /// <summary>The UTF-8 text of a handle.</summary>
    public string ReadString(long handle) => Encoding.UTF8.GetString(Memory.Read(handle));

    /// <summary>Copies bytes into a new block and returns its handle (0 for empty input).</summary>
    public long WriteBytes(ReadOnlySpan<byte> data) => Memory.AllocBytes(data);

    /// <summary>Copies UTF-8 text into a new block and returns its handle.</summary>
    public long WriteString(string text) => Memory.AllocBytes(Encoding.UTF8.GetBytes(text));
}

/// <summary>A host function exposed to plugins under `extism:host/user`: i64 handles in, at most one i64 handle out.</summary>
/// <param name="Name">Import name.</param>
/// <param name="ParamCount">Number of i64 handle parameters.</param>
/// <param name="ReturnsHandle">Whether it returns an i64 handle.</param>
/// <param name="Handler">Receives each parameter handle's bytes; returns the output bytes (null: handle 0).</param>
public sealed record ExtismHostFunction(string Name, int ParamCount, bool ReturnsHandle, Func<CurrentPlugin, IReadOnlyList<byte[]>, byte[]?> Handler);
