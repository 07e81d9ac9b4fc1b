using System.Diagnostics;
using System.Text;
using System.Text.Json;
using PluginHost.Plugins.Extism;
using PluginHost.Plugins.Proto.Api;

namespace PluginHost.Plugins.Proto.Host;

/// <summary>proto's `extism:host/user` functions (exec_command, send_request, get/set_env_var, host_log, from/to_virtual_path) for one tool run.</summary>
public sealed class ProtoHostFunctions
{
    /// <summary>The setting that lists the commands exec_command may run.</summary>
    public const string AllowedCommandsSetting = "proto.allowed-commands (pluginhost install --allow-command or $PLUGINHOST_PROTO_ALLOWED_COMMANDS)";

    private readonly ProtoHostOptions _options;
    private readonly VirtualPathMap _paths;
    private readonly HttpClient? _http;
    private readonly string _workingDir;

    /// <summary>Creates the functions over a run's options, path map, HTTP client and working directory.</summary>
    public ProtoHostFunctions(ProtoHostOptions options, VirtualPathMap paths, HttpClient? http, string workingDir)
    {
        _options = options;
        _paths = paths;
        _http = http;
        _workingDir = workingDir;
    }

    /// <summary>The run's environment variables (get_env_var/set_env_var); never the process environment.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Cancels host work in progress (HTTP requests) when the run is cancelled.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Receives host_log messages (target, message, data as JSON text or null).</summary>
    public Action<string, string, string?> Log { get; set; } = (_, _, _) => { };

    /// <summary>The functions to pass to <see cref="ExtismPlugin"/>.</summary>
    public IReadOnlyList<ExtismHostFunction> All =>
    [
        new("exec_command", 1, true, (_, a) => ProtoJson.Serialize(ExecCommand(Parse<ExecCommandInput>("exec_command", a[0])))),
        new("send_request", 1, true, (p, a) => ProtoJson.Serialize(SendRequest(p, Parse<SendRequestInput>("send_request", a[0])))),
        new("get_env_var", 1, true, (_, a) => Environment.TryGetValue(Text(a[0]), out var v) ? Encoding.UTF8.GetBytes(v) : null),
        new("set_env_var", 2, false, (_, a) => { SetEnvVar(Text(a[0]), Text(a[1])); return null; }),
        new("host_log", 1, false, (_, a) => { HostLog(a[0]); return null; }),
        new("from_virtual_path", 1, true, (_, a) => Encoding.UTF8.GetBytes(_paths.ToReal(Text(a[0])))),
        new("to_virtual_path", 1, true, (_, a) => ProtoJson.Serialize(_paths.ToVirtual(Text(a[0])))),
    ];

    /// <summary>Runs an allowed command and captures its output.</summary>
    public ExecCommandOutput ExecCommand(ExecCommandInput input)
    {
        var name = input.Command.Contains('/') ? Path.GetFileName(input.Command) : input.Command;
        if (_options.AllowedCommands is { } allowed && !allowed.Contains(input.Command, StringComparer.Ordinal) && !allowed.Contains(name, StringComparer.Ordinal))
        {
            Log("exec_command", $"refused {Describe(input)} (not in {AllowedCommandsSetting})", null);
            throw new InvalidOperationException(
                $"command '{input.Command}' is not allowed; add it to the node setting {AllowedCommandsSetting} (allowed: {(allowed.Count == 0 ? "none" : string.Join(", ", allowed))})");
        }
        var file = input.Command.Contains('/') ? _paths.ToReal(input.Command) : FindOnPath(input.Command)
            ?? throw new InvalidOperationException($"command '{input.Command}' was not found on PATH");
        if (input.SetExecutable && File.Exists(file) && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = input.WorkingDir is { } wd ? _paths.ToReal(wd.Path) : _workingDir,
        };
        foreach (var arg in input.Args) start.ArgumentList.Add(arg);
        foreach (var (k, v) in _options.CommandEnvironment) start.Environment[k] = v;
        foreach (var (k, v) in Environment) start.Environment[k] = v;
        foreach (var (k, v) in input.EnvVars ?? new Dictionary<string, string>()) start.Environment[k] = v;
        foreach (var (k, v) in input.Env ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"command '{input.Command}' could not be started");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(_options.CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"command '{input.Command}' did not finish within {_options.CommandTimeout.TotalSeconds:0} s");
        }
        process.WaitForExit();
        Log("exec_command", $"ran {Describe(input)}: exit {process.ExitCode}", null);
        return new ExecCommandOutput(input.Command, process.ExitCode, stderr.GetAwaiter().GetResult(), stdout.GetAwaiter().GetResult());
    }

    /// <summary>Applies the run's URL rewrites and checks the host against the allow-list; returns the URL to fetch.</summary>
    public Uri CheckUrl(string url) => new ProtoUrlPolicy(_options).Check(url);

    private SendRequestOutput SendRequest(CurrentPlugin plugin, SendRequestInput input)
    {
        var uri = CheckUrl(input.Url);
        if (uri.IsFile)
        {
            if (!File.Exists(uri.LocalPath)) return new SendRequestOutput([], 0, plugin.WriteBytes([]), 404);
            if (new FileInfo(uri.LocalPath).Length > _options.MaxResponseBytes)
                throw new InvalidOperationException($"file {uri.LocalPath} exceeds {_options.MaxResponseBytes} bytes");
            var data = File.ReadAllBytes(uri.LocalPath);
            return new SendRequestOutput([], data.Length, plugin.WriteBytes(data), 200);
        }
        var http = _http ?? throw new InvalidOperationException("this node has no HTTP client for plugins");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken);
        timeout.CancelAfter(_options.Settings.Http.Timeout);
        HttpResponseMessage response;
        try
        {
            response = http.Send(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"GET {uri} did not answer within {_options.Settings.Http.Timeout.TotalSeconds:0.#} s");
        }
        using var _ = response;
        using var stream = response.Content.ReadAsStream();
        using var body = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk)) > 0)
        {
            if (body.Length + n > _options.MaxResponseBytes)
                throw new InvalidOperationException($"response from {uri} exceeds {_options.MaxResponseBytes} bytes");
            body.Write(chunk, 0, n);
        }
        var bytes = body.ToArray();
        var handle = plugin.WriteBytes(bytes);
        return new SendRequestOutput([], bytes.Length, handle, (int)response.StatusCode);
    }

    private void SetEnvVar(string name, string value)
    {
        if (name.Length == 0 || name.Contains('=')) throw new InvalidOperationException($"invalid environment variable name '{name}'");
        if (name == "PATH")
        {
            var added = value.Replace(';', ':').Split(':', StringSplitOptions.RemoveEmptyEntries).Select(_paths.ToReal);
            var current = Environment.TryGetValue("PATH", out var p) ? p.Split(':', StringSplitOptions.RemoveEmptyEntries) : [];
            Environment["PATH"] = string.Join(':', current.Concat(added).Distinct());
            return;
        }
        Environment[name] = value;
    }

    private void HostLog(byte[] raw)
    {
        string target = "tracing", message;
        string? data = null;
        try
        {
            using var doc = JsonDocument.Parse(raw);
            if (doc.RootElement.ValueKind == JsonValueKind.String) message = doc.RootElement.GetString()!;
            else
            {
                var input = ProtoJson.Deserialize<HostLogInput>(raw);
                message = input.Message;
                target = input.Target ?? "tracing";
                data = input.Data is { Count: > 0 } d ? JsonSerializer.Serialize(d) : null;
            }
        }
        catch (JsonException)
        {
            message = Encoding.UTF8.GetString(raw);
        }
        Log(target, message, data);
    }

    private string? FindOnPath(string command)
    {
        var path = Environment.TryGetValue("PATH", out var own) ? own + ":" + System.Environment.GetEnvironmentVariable("PATH") : System.Environment.GetEnvironmentVariable("PATH");
        foreach (var dir in (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Join(dir, command);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string Describe(ExecCommandInput input) =>
        string.Join(' ', new[] { input.Command }.Concat(input.Args).Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"'{a}'" : a));

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static T Parse<T>(string function, byte[] json)
    {
        try
        {
            return ProtoJson.Deserialize<T>(json);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"invalid {function} input: {e.Message}", e);
        }
    }
}
