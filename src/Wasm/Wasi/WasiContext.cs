
namespace PluginHost.Wasm.Wasi;

/// <summary>One store's WASI preview1 state (descriptor table, streams, exit code) and the host functions bound to it.</summary>
public sealed partial class WasiContext : IDisposable
{
    /// <summary>The import module name of WASI preview1.</summary>
    public const string ModuleName = "wasi_snapshot_preview1";

    private readonly Dictionary<int, Descriptor> _fds = new();
    private readonly WasiConfig _config;

    /// <summary>Creates the context: fds 0-2 are the standard streams, 3.. the preopens in order.</summary>
    public WasiContext(WasiConfig config)
    {
        _config = config;
        _fds[0] = new StdioDescriptor(true, config.Stdin, null);
        _fds[1] = new StdioDescriptor(false, null, config.Stdout);
        _fds[2] = new StdioDescriptor(false, null, config.Stderr);
        var fd = 3;
        foreach (var preopen in config.Preopens)
        {
            if (!Directory.Exists(preopen.HostPath))
                throw new DirectoryNotFoundException($"WASI preopen: host directory '{preopen.HostPath}' does not exist");
            var root = preopen with { HostPath = Path.GetFullPath(preopen.HostPath) };
            _fds[fd++] = new DirectoryDescriptor(root, "", preopen.GuestPath);
        }
    }

    /// <summary>The code the guest passed to proc_exit, once it did.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>Defines every wasi_snapshot_preview1 function on the linker, bound to this context.</summary>
    public void AddToLinker(Linker linker)
    {
        DefineArgsAndEnvironment(linker);
        DefineClocksRandomAndProcess(linker);
        DefineFdFunctions(linker);
        DefinePathFunctions(linker);
        DefinePollAndSockets(linker);
    }

    /// <summary>Flushes the output sinks (final partial lines, truncation reports).</summary>
    public void Complete()
    {
        _config.Stdout?.Complete();
        _config.Stderr?.Complete();
    }

    /// <summary>Closes every open file.</summary>
    public void Dispose()
    {
        foreach (var d in _fds.Values)
            if (d is FileDescriptor f) f.Stream.Dispose();
        _fds.Clear();
    }

    private static int Guard(Func<WasiErrno> body)
    {
        try
        {
            return (int)body();
        }
        catch (Exception e) when (e is not WasmTrapException and not WasiExitException)
        {
            return (int)Errno.FromException(e);
        }
    }

    private Descriptor Fd(int fd) => _fds.TryGetValue(fd, out var d) ? d : throw new WasiErrorException(WasiErrno.Badf);

    private DirectoryDescriptor Dir(int fd) => Fd(fd) as DirectoryDescriptor ?? throw new WasiErrorException(WasiErrno.NotDir);

    private int Allocate(Descriptor d)
    {
        var fd = 3;
        while (_fds.ContainsKey(fd)) fd++;
        _fds[fd] = d;
        return fd;
    }

}
