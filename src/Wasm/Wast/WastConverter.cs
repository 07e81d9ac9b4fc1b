using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace PluginHost.Wasm.Wast;

/// <summary>Converts .wast files to wast2json's JSON + .wasm form, caching each conversion by content hash.</summary>
public sealed class WastConverter
{
    /// <summary>The converter's executable name, searched on PATH.</summary>
    public const string ToolName = "wast2json";

    private static readonly string[] Flags = ["--enable-extended-const"];
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly string _tool;
    private readonly string _cacheRoot;
    private string? _version;

    /// <summary>Finds the converter (the given path, or wast2json on PATH) and sets up the cache directory.</summary>
    public WastConverter(string? converterPath = null, string? cacheDirectory = null)
    {
        _tool = Locate(converterPath);
        _cacheRoot = cacheDirectory ?? Path.Combine(Path.GetTempPath(), "pluginhost-wast-cache");
    }

    /// <summary>The converter's full path; throws <see cref="WastConverterNotFoundException"/> when it is missing.</summary>
    public static string Locate(string? converterPath = null)
    {
        const string hint = "wast2json not found: install Debian's wabt package";
        if (converterPath is not null)
            return File.Exists(converterPath) ? Path.GetFullPath(converterPath) : throw new WastConverterNotFoundException($"{hint} (looked for {converterPath})");
        var pathVariable = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in pathVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, ToolName);
            if (File.Exists(candidate)) return candidate;
        }
        throw new WastConverterNotFoundException(hint);
    }

    /// <summary>Converts a .wast file; returns the JSON file's path (its .wasm files lie beside it). Throws <see cref="WastConversionException"/> when wast2json rejects the file.</summary>
    public string Convert(string wastPath)
    {
        var bytes = File.ReadAllBytes(wastPath);
        var key = CacheKey(bytes);
        var dir = Path.Combine(_cacheRoot, key);
        var json = Path.Combine(dir, "script.json");
        if (File.Exists(json)) return json;

        Directory.CreateDirectory(_cacheRoot);
        var work = Path.Combine(_cacheRoot, $"{key}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            // Convert a copy so that the JSON's module file names do not depend on the source's name.
            var source = Path.Combine(work, "script.wast");
            File.WriteAllBytes(source, bytes);
            var (exitCode, output) = RunTool([.. Flags, source, "-o", Path.Combine(work, "script.json")]);
            if (exitCode != 0)
                throw new WastConversionException(wastPath, Describe(wastPath, exitCode, output.Replace(source, wastPath)));
            File.Delete(source);
            try { Directory.Move(work, dir); }
            catch (IOException) when (File.Exists(json)) { /* another process cached it first */ }
            return json;
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    private static string Describe(string wastPath, int exitCode, string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var shown = string.Join("\n", lines.Take(6));
        var how = exitCode > 128 || exitCode < 0 ? "crashed" : "failed";
        return $"wast2json {how} (exit code {exitCode}) converting {wastPath}; its output:\n{shown}";
    }

    private string CacheKey(byte[] wast)
    {
        _version ??= RunTool(["--version"]).Output;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(wast);
        sha.AppendData(Encoding.UTF8.GetBytes($"\0{_version}\0{string.Join(' ', Flags)}"));
        return System.Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private (int ExitCode, string Output) RunTool(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(_tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new WastConverterNotFoundException($"could not start {_tool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {Timeout.TotalSeconds} s");
        }
        process.WaitForExit();
        var output = stdout.Result + stderr.Result;
        return (process.ExitCode, output);
    }
}
