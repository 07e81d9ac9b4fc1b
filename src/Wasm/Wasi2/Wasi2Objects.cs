using PluginHost.Wasm.Wasi;
namespace PluginHost.Wasm.Wasi2;

/// <summary>A readable stream: stdin bytes or a file opened by read-via-stream.</summary>
internal sealed class InputStream2(Stream source) : IDisposable
{
    public Stream Source { get; } = source;
    public bool Closed { get; set; }
    public void Dispose() => Source.Dispose();
}

/// <summary>A writable stream: stdout/stderr sinks.</summary>
internal sealed class OutputStream2(OutputSink sink)
{
    public OutputSink Sink { get; } = sink;
}

/// <summary>Something a guest can wait for: always ready, or ready at a monotonic deadline (Stopwatch ticks).</summary>
internal sealed class Pollable2(long? deadlineTicks)
{
    public long? DeadlineTicks { get; } = deadlineTicks;
    public bool Ready => DeadlineTicks is not { } d || System.Diagnostics.Stopwatch.GetTimestamp() >= d;
}

/// <summary>An open file or directory inside a read-only preopen.</summary>
internal sealed record Descriptor2(string HostPath, string Root, bool IsDirectory);

/// <summary>Remaining entries of a directory listing.</summary>
internal sealed class DirectoryStream2(Queue<(string Name, string Type)> entries)
{
    public Queue<(string Name, string Type)> Entries { get; } = entries;
}
