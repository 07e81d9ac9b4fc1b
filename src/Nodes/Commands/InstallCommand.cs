using System.CommandLine;
using PluginHost.Nodes.Client;
using PluginHost.Nodes.Foreground;
using PluginHost.Nodes.Installs;
using PluginHost.Shared.Manifests;

namespace PluginHost.Nodes.Commands;

/// <summary>`pluginhost install [--config .prototools] [TOOL[@VERSION]...]`: installs the tools of a .prototools file in
/// parallel as one journaled, resumable run (one item per tool) into DATA/tools/ID/VERSION, bins linked into DATA/bin;
/// the exit code is the number of failed tools. Hosts plugins and downloads may reach: --allow-host, else
/// $PLUGINHOST_PROTO_ALLOWED_HOSTS (comma-separated), else [settings] allowed-hosts, else "*" (proto's default).
/// Commands plugins may run through exec_command: --allow-command, else $PLUGINHOST_PROTO_ALLOWED_COMMANDS, else every
/// command (proto's default).</summary>
public static class InstallCommand
{
    /// <summary>Environment variable with the node's allowed host globs (comma-separated).</summary>
    public const string AllowedHostsVariable = "PLUGINHOST_PROTO_ALLOWED_HOSTS";

    /// <summary>Environment variable with the node's exec_command allow-list (comma-separated command names).</summary>
    public const string AllowedCommandsVariable = "PLUGINHOST_PROTO_ALLOWED_COMMANDS";

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var tools = new Argument<string[]>("TOOL") { Description = "Tools to install, TOOL or TOOL@VERSION (default: every pinned tool)", Arity = ArgumentArity.ZeroOrMore };
        var config = new Option<string>("--config") { Description = "The .prototools file", DefaultValueFactory = _ => ".prototools" };
        var allowHosts = new Option<string[]>("--allow-host")
        {
            Description = $"Host glob plugins and downloads may reach (repeatable; default ${AllowedHostsVariable}, else [settings] allowed-hosts, else *)",
        };
        var allowCommands = new Option<string[]>("--allow-command")
        {
            Description = $"Command plugins may run through exec_command, e.g. git (repeatable; default ${AllowedCommandsVariable}, else every command as in proto)",
        };
        var server = new Option<string?>("--server")
        {
            Description = "Send the run to this cluster node (e.g. http://127.0.0.1:8080); the nodes must read the plugins, the .prototools file and write the data directory at the same paths",
        };
        var node = new NodeCommandOptions();
        var command = new Command("install", "Install the tools of a .prototools file with their proto plugins") { tools, config, allowHosts, allowCommands, server };
        node.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = Path.GetFullPath(parse.GetValue(config)!);
            return await LocalCommand.InvokeAsync("install", parse, node, error, writes: parse.GetValue(server) is null, async options =>
            {
                if (!File.Exists(path))
                {
                    error.WriteLine($"pluginhost install: {path} does not exist (give the .prototools file with --config)");
                    return ExitCodes.Usage;
                }
                var dataDir = Path.GetFullPath(options.DataDirectory);
                Shared.Runs.RunSpec spec;
                try
                {
                    var file = await ProtoToolsFile.LoadAsync(path, cancellationToken);
                    var resolver = new PluginResolver(InstallHttp.Client, dataDir);
                    var selected = new List<(string, string?, string)>();
                    foreach (var (tool, version) in InstallPlan.Select(file, parse.GetValue(tools) ?? []))
                    {
                        var plugin = file.PluginFor(tool)
                            ?? throw new PluginResolveException($"{path}: tool '{tool}' has no plugin; add it to [plugins] (e.g. {tool} = \"file://./plugins/{tool}.wasm\")");
                        selected.Add((tool, version, await resolver.ResolveAsync(file, plugin, cancellationToken)));
                    }
                    var hosts = NodeList(parse.GetValue(allowHosts), AllowedHostsVariable);
                    var commands = NodeList(parse.GetValue(allowCommands), AllowedCommandsVariable);
                    var runId = $"install-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
                    spec = InstallPlan.Build(runId, path, dataDir, Path.GetDirectoryName(path)!, Environment.CurrentDirectory, hosts, commands, selected);
                }
                catch (Exception e) when (e is ProtoToolsException or PluginResolveException or IOException)
                {
                    error.WriteLine($"pluginhost install: {e.Message}");
                    return ExitCodes.Usage;
                }
                // A cluster node gets the same spec: plugin, .prototools and data directory by absolute path.
                if (parse.GetValue(server) is { } url)
                    return ExitCodes.ForFailures(await RemoteRun.SubmitAndFollowAsync(url, spec, output, error, cancellationToken, "install"));
                // Installs wait on the network, not the CPU: one runner per tool (up to 16) unless --runners says otherwise.
                var runners = options.Runners ?? Math.Clamp(spec.Items.Count, Environment.ProcessorCount, 16);
                return (await ForegroundRunner.RunAsync(options with { Runners = runners }, spec, output, error, null, cancellationToken)).ExitCode;
            });
        });
        return command;
    }

    /// <summary>A node list setting: the repeatable option, else the comma-separated environment variable, else null (unset).</summary>
    private static string[]? NodeList(string[]? option, string variable) =>
        option is { Length: > 0 } ? option
        : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } env ? env.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        : null;
}
