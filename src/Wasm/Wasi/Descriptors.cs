namespace PluginHost.Wasm.Wasi;

/// <summary>An open WASI file descriptor.</summary>
internal abstract class Descriptor
{
    /// <summary>Append mode and other fdflags the guest set.</summary>
    public ushort Flags { get; set; }
}

/// <summary>A standard stream (0, 1, 2).</summary>
internal sealed class StdioDescriptor : Descriptor
{
    public StdioDescriptor(bool isInput, Stream? input, OutputSink? output)
    {
        IsInput = isInput;
        Input = input;
        Output = output;
    }

    /// <summary>True for stdin; stdout and stderr discard when <see cref="Output"/> is null.</summary>
    public bool IsInput { get; }
    public Stream? Input { get; }
    public OutputSink? Output { get; }
}

/// <summary>A directory inside a preopen: the preopen's root and the path of this directory below it.</summary>
internal sealed class DirectoryDescriptor : Descriptor
{
    public DirectoryDescriptor(Preopen root, string relativePath, string? preopenName)
    {
        Root = root;
        RelativePath = relativePath;
        PreopenName = preopenName;
    }

    public Preopen Root { get; }
    /// <summary>Path below the root, "" for the root itself, '/'-separated.</summary>
    public string RelativePath { get; }
    /// <summary>The guest path, when this is a preopen (answers fd_prestat_get).</summary>
    public string? PreopenName { get; }
    public string HostPath => RelativePath.Length == 0 ? Root.HostPath : Path.Combine(Root.HostPath, RelativePath);
}

/// <summary>An open regular file.</summary>
internal sealed class FileDescriptor : Descriptor
{
    public FileDescriptor(FileStream stream, string hostPath, bool readable, bool writable)
    {
        Stream = stream;
        HostPath = hostPath;
        Readable = readable;
        Writable = writable;
    }

    public FileStream Stream { get; }
    public string HostPath { get; }
    public bool Readable { get; }
    public bool Writable { get; }
}
