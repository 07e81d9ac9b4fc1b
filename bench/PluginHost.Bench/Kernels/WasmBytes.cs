using System.Text;

namespace PluginHost.Bench.Kernels;

/// <summary>Byte-level helpers for timing compiles.</summary>
public static class WasmBytes
{
    /// <summary>The module with a trailing custom section named uniquely, so no engine cache can recognise it.</summary>
    public static byte[] WithNonce(byte[] module, int nonce)
    {
        var name = Encoding.ASCII.GetBytes($"bench-nonce-{nonce}-{Environment.ProcessId}");
        // section id 0, size (one LEB byte: < 128), name length, name
        var section = new byte[3 + name.Length];
        section[0] = 0;
        section[1] = (byte)(1 + name.Length);
        section[2] = (byte)name.Length;
        name.CopyTo(section, 3);
        return [.. module, .. section];
    }
}
