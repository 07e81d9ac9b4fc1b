using System.Text;

namespace PluginHost.Plugins.Extism;

/// <summary>The `extism:host/env` imports: kernel memory, input/output, errors, config, vars, logs and HTTP, for one plugin.</summary>
public sealed partial class ExtismKernel
{
    /// <summary>The kernel's import module name.</summary>
    public const string ModuleName = "extism:host/env";

    private readonly Dictionary<string, byte[]> _vars = new(StringComparer.Ordinal);
    private readonly ExtismManifest _manifest;
    private long _input;
    private long _inputLength;
    private long _outputOffset;
    private long _outputLength;
    private long _error;

    /// <summary>Creates the kernel state for one plugin instance.</summary>
    public ExtismKernel(ExtismManifest manifest, HttpClient? http = null)
    {
        _manifest = manifest;
        _http = http;
        Memory = new KernelMemory(manifest.MaxMemoryPages is { } pages ? pages * 65536L : 1L << 30);
    }

    /// <summary>The kernel heap.</summary>
    public KernelMemory Memory { get; }
    /// <summary>Messages plugins log, with their level; default drops them.</summary>
    public Action<ExtismLogLevel, string> Log { get; set; } = (_, _) => { };
    /// <summary>The level below which plugin logs are not even produced.</summary>
    public ExtismLogLevel LogLevel { get; set; } = ExtismLogLevel.Info;
    /// <summary>Total bytes held by vars.</summary>
    public long VarBytes => _vars.Sum(kv => Encoding.UTF8.GetByteCount(kv.Key) + kv.Value.Length);

    /// <summary>Resets per-call state (memory, input, output, error) and stores the call's input; vars are kept.</summary>
    public void BeginCall(ReadOnlySpan<byte> input)
    {
        Memory.Reset();
        _outputOffset = _outputLength = _error = 0;
        _input = Memory.AllocBytes(input);
        _inputLength = input.Length;
        HttpStatus = 0;
        _httpHeaders = null;
        OutOfMemory = false;
    }

    /// <summary>A copy of the output the plugin set.</summary>
    public byte[] TakeOutput() => _outputLength == 0 ? Array.Empty<byte>() : Memory.Slice(_outputOffset, _outputLength).ToArray();

    /// <summary>The error text the plugin set, or null.</summary>
    public string? Error => _error == 0 ? null : Encoding.UTF8.GetString(Memory.Read(_error));

    /// <summary>Defines every `extism:host/env` function on the linker.</summary>
    public void AddToLinker(Wasmtime.Linker linker)
    {
        var m = ModuleName;
        linker.DefineFunction(m, "alloc", (long n) => Alloc(n));
        linker.DefineFunction(m, "free", (long h) => Memory.Free(h));
        linker.DefineFunction(m, "length", (long h) => Memory.Length(h));
        linker.DefineFunction(m, "length_unsafe", (long h) => Memory.Length(h));
        linker.DefineFunction(m, "load_u8", (long p) => (int)Memory.LoadU8(p));
        linker.DefineFunction(m, "load_u64", (long p) => Memory.LoadU64(p));
        linker.DefineFunction(m, "store_u8", (long p, int v) => Memory.StoreU8(p, (byte)v));
        linker.DefineFunction(m, "store_u64", (long p, long v) => Memory.StoreU64(p, v));
        linker.DefineFunction(m, "input_offset", () => _input);
        linker.DefineFunction(m, "input_length", () => _inputLength);
        linker.DefineFunction(m, "input_load_u8", (long offset) => offset >= 0 && offset < _inputLength ? (int)Memory.LoadU8(_input + offset) : 0);
        linker.DefineFunction(m, "input_load_u64", (long offset) => offset >= 0 && offset + 8 <= _inputLength ? Memory.LoadU64(_input + offset) : 0L);
        linker.DefineFunction(m, "output_set", (long offset, long length) =>
        {
            if (length != 0 && !Memory.Contains(offset, length)) // (any, 0) is the empty output
                throw new ExtismHostException($"output_set: kernel memory range [{offset}, {offset + length}) is out of bounds");
            _outputOffset = length == 0 ? 0 : offset;
            _outputLength = length;
        });
        linker.DefineFunction(m, "error_set", (long h) => { _error = h; });
        linker.DefineFunction(m, "error_get", () => _error);
        linker.DefineFunction(m, "config_get", (long key) =>
            _manifest.Config.TryGetValue(ReadString(key), out var value) ? Memory.AllocBytes(Encoding.UTF8.GetBytes(value)) : 0L);
        linker.DefineFunction(m, "var_get", (long key) =>
            _vars.TryGetValue(ReadString(key), out var value) ? Memory.AllocBytes(value) : 0L);
        linker.DefineFunction(m, "var_set", (long key, long value) => SetVar(ReadString(key), value));
        linker.DefineFunction(m, "get_log_level", () => (int)LogLevel);
        DefineLog(linker, "log_trace", ExtismLogLevel.Trace);
        DefineLog(linker, "log_debug", ExtismLogLevel.Debug);
        DefineLog(linker, "log_info", ExtismLogLevel.Info);
        DefineLog(linker, "log_warn", ExtismLogLevel.Warn);
        DefineLog(linker, "log_error", ExtismLogLevel.Error);
        linker.DefineFunction(m, "http_request", (long request, long body) => HttpRequest(request, body));
        linker.DefineFunction(m, "http_status_code", () => HttpStatus);
        linker.DefineFunction(m, "http_headers", () => _httpHeaders is null ? 0L : Memory.AllocBytes(_httpHeaders));
    }

    private void DefineLog(Wasmtime.Linker linker, string name, ExtismLogLevel level) =>
        linker.DefineFunction(ModuleName, name, (long h) =>
        {
            if (level >= LogLevel) Log(level, ReadString(h));
        });

    /// <summary>Extra check on each kernel allocation (the plugin's memory budget); returns false to refuse it.</summary>
    internal Func<long, bool> MayAllocate { get; set; } = _ => true;

    /// <summary>Set when a kernel allocation was refused for lack of memory during the current call.</summary>
    internal bool OutOfMemory { get; private set; }

    private long Alloc(long n)
    {
        if (n > 0 && !MayAllocate(Memory.Size + n))
        {
            OutOfMemory = true;
            return 0;
        }
        var handle = Memory.Alloc(n);
        if (handle == 0 && n > 0) OutOfMemory = true;
        return handle;
    }

    private string ReadString(long handle) => Encoding.UTF8.GetString(Memory.Read(handle));

    private void SetVar(string key, long value)
    {
        if (value == 0)
        {
            _vars.Remove(key);
            return;
        }
        var bytes = Memory.Read(value).ToArray();
        var previous = _vars.TryGetValue(key, out var old) ? Encoding.UTF8.GetByteCount(key) + old.Length : 0;
        if (VarBytes - previous + Encoding.UTF8.GetByteCount(key) + bytes.Length > _manifest.MaxVarBytes)
            throw new ExtismHostException($"var memory limit of {_manifest.MaxVarBytes} bytes exceeded by var '{key}'");
        _vars[key] = bytes;
    }
}
