using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PluginHost.Shared.Manifests.Icp;

/// <summary>Parses icp.yaml (YamlDotNet's node model, so errors can name lines).</summary>
/// <remarks>
/// Shape: <c>canisters: [{name, dir?, sync: {steps: [...]}}]</c> (a bare <c>sync: [...]</c> list is accepted too) and
/// <c>environments: [{name, network?, canisters: {name: id}}]</c> and
/// <c>networks: [{name, mode: connected, url, root-key?} | {name, mode: managed, gateway?: {host?, port?}}]</c>. Plugin steps: <c>type: plugin</c> with <c>path</c> or
/// <c>url</c> + <c>sha256</c> (64 lowercase hex), <c>dirs</c> and <c>files</c> (a list of paths, or a map name: path),
/// <c>fields</c> (map of strings, passed to the plugin as extra inline files) and <c>canisters</c> (allowed call targets).
/// Script steps: <c>type: script</c> with <c>command</c>.
/// </remarks>
public static partial class IcpManifestReader
{
    /// <summary>Reads and parses a file.</summary>
    public static IcpProject ReadFile(string path)
    {
        if (!File.Exists(path)) throw new IcpManifestException($"{path}: not found");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses icp.yaml text; <paramref name="file"/> names it in errors.</summary>
    public static IcpProject Parse(string text, string file)
    {
        var stream = new YamlStream();
        var parser = new FlowTrackingParser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new IcpManifestException($"{file}:{e.Start.Line}: invalid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this (not a YamlException, and without a position) on some malformed flow
            // collections: name the line it stopped at and the collection left open.
            var why = parser.InnermostOpen is { } open
                ? $"the '{open.Open}' opened at line {open.Start.Line}, column {open.Start.Column} is not closed (expected ',' or '{(open.Open == '[' ? ']' : '}')}')"
                : $"the YAML parser stopped ({e.Message.TrimEnd('.')})";
            throw new IcpManifestException($"{file}:{parser.Position.Line}: invalid YAML: {why}");
        }
        if (stream.Documents.Count == 0) throw new IcpManifestException($"{file}: empty file");
        var root = Map(stream.Documents[0].RootNode, file, "the document");
        var ctx = new Ctx(file);
        var canisters = new List<IcpCanister>();
        if (Get(root, "canisters") is { } cs)
        {
            var i = 0;
            foreach (var c in Seq(cs, file, "`canisters`")) canisters.Add(Canister(ctx, c, i++));
        }
        var dup = canisters.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new IcpManifestException($"{file}: canister `{dup.Key}` is declared twice");
        var envs = new List<IcpEnvironment>();
        if (Get(root, "environments") is { } es)
        {
            foreach (var e in Seq(es, file, "`environments`")) envs.Add(Environment(ctx, e, canisters));
        }
        foreach (var c in canisters)
            foreach (var s in c.Steps.OfType<IcpPluginStep>())
                foreach (var target in s.Canisters)
                    if (!canisters.Any(x => x.Name == target))
                        throw new IcpManifestException($"{file}: canister `{c.Name}`: sync step {s.Index}: `canisters`: `{target}` is not a canister of this project");
        var networks = new List<IcpNetworkDecl>();
        if (Get(root, "networks") is { } ns)
        {
            foreach (var n in Seq(ns, file, "`networks`")) networks.Add(Network(ctx, n));
        }
        return new IcpProject(file, canisters, envs) { Networks = networks };
    }

    private sealed record Ctx(string File);

    private static IcpCanister Canister(Ctx ctx, YamlNode node, int index)
    {
        var m = Map(node, ctx.File, $"canister {index}");
        var name = Str(m, "name", ctx.File, $"canister {index}") ?? throw Err(ctx, node, $"canister {index}: `name` is required");
        if (!CanisterName().IsMatch(name)) throw Err(ctx, node, $"canister {index}: `name` `{name}` must be letters, digits, `-` or `_`");
        var where = $"canister `{name}`";
        var dir = Str(m, "dir", ctx.File, where) ?? ".";
        if (Path.IsPathRooted(dir) || dir.Split('/', '\\').Contains(".."))
            throw Err(ctx, m, $"{where}: `dir` `{dir}` must be a relative path inside the project");
        var steps = new List<IcpSyncStep>();
        if (Get(m, "sync") is { } sync)
        {
            var list = sync is YamlMappingNode sm ? Get(sm, "steps") : sync;
            if (list is not null)
            {
                var i = 0;
                foreach (var s in Seq(list, ctx.File, $"{where}: `sync.steps`")) steps.Add(Step(ctx, s, where, i++));
            }
        }
        return new IcpCanister(name, dir, steps);
    }

    private static IcpSyncStep Step(Ctx ctx, YamlNode node, string canister, int index)
    {
        var where = $"{canister}: sync step {index}";
        var m = Map(node, ctx.File, where);
        var type = Str(m, "type", ctx.File, where) ?? throw Err(ctx, m, $"{where}: `type` is required (plugin or script)");
        switch (type)
        {
            case "script":
                var command = Str(m, "command", ctx.File, where);
                if (string.IsNullOrWhiteSpace(command)) throw Err(ctx, m, $"{where}: `command` is required for a script step");
                Only(ctx, m, where, "type", "command");
                return new IcpScriptStep(index, command);
            case "plugin":
                Only(ctx, m, where, "type", "path", "url", "sha256", "dirs", "files", "fields", "canisters");
                var path = Str(m, "path", ctx.File, where);
                var url = Str(m, "url", ctx.File, where);
                var sha = Str(m, "sha256", ctx.File, where);
                if ((path is null) == (url is null)) throw Err(ctx, m, $"{where}: exactly one of `path` or `url` is required");
                if (url is not null)
                {
                    if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != "https" && u.Scheme != "http"))
                        throw Err(ctx, m, $"{where}: `url` `{url}` must be an http(s) URL");
                    if (sha is null) throw Err(ctx, m, $"{where}: `sha256` is required with `url`");
                    if (!Sha256().IsMatch(sha)) throw Err(ctx, m, $"{where}: `sha256` must be 64 lowercase hex characters, got `{sha}`");
                }
                else if (sha is not null && !Sha256().IsMatch(sha))
                    throw Err(ctx, m, $"{where}: `sha256` must be 64 lowercase hex characters, got `{sha}`");
                var dirs = Entries(ctx, m, "dirs", where).Select(e => e.Path).ToList();
                var files = Entries(ctx, m, "files", where);
                var fields = new Dictionary<string, string>();
                if (Get(m, "fields") is { } f)
                {
                    var fm = Map(f, ctx.File, $"{where}: `fields`");
                    foreach (var (k, v) in fm.Children)
                    {
                        var key = ((YamlScalarNode)k).Value!;
                        fields[key] = v is YamlScalarNode sv ? sv.Value ?? "" : throw Err(ctx, v, $"{where}: `fields.{k}` must be a string");
                        if (files.Any(e => e.Name == key))
                            throw Err(ctx, k, $"{where}: `fields.{key}` has the name of a `files` entry; fields reach the plugin as inline files, so the names must differ");
                    }
                }
                var targets = new List<string>();
                if (Get(m, "canisters") is { } t)
                    foreach (var x in Seq(t, ctx.File, $"{where}: `canisters`"))
                        targets.Add(x is YamlScalarNode xs ? xs.Value ?? "" : throw Err(ctx, x, $"{where}: `canisters` entries must be canister names"));
                return new IcpPluginStep(index, path, url, sha, dirs, files, fields, targets);
            default:
                throw Err(ctx, m, $"{where}: `type` `{type}` is not supported (expected plugin or script)");
        }
    }

    private static List<IcpFileEntry> Entries(Ctx ctx, YamlMappingNode m, string key, string where)
    {
        var result = new List<IcpFileEntry>();
        switch (Get(m, key))
        {
            case null:
                break;
            case YamlSequenceNode seq:
                foreach (var e in seq)
                {
                    var p = e is YamlScalarNode s && !string.IsNullOrEmpty(s.Value) ? s.Value : throw Err(ctx, e, $"{where}: `{key}` entries must be paths");
                    result.Add(new IcpFileEntry(p, p));
                }
                break;
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children)
                {
                    var p = v is YamlScalarNode s && !string.IsNullOrEmpty(s.Value) ? s.Value : throw Err(ctx, v, $"{where}: `{key}.{k}` must be a path");
                    result.Add(new IcpFileEntry(((YamlScalarNode)k).Value!, p));
                }
                break;
            case var other:
                throw Err(ctx, other, $"{where}: `{key}` must be a list of paths or a map of name: path");
        }
        return result;
    }

    private static IcpEnvironment Environment(Ctx ctx, YamlNode node, IReadOnlyList<IcpCanister> canisters)
    {
        var m = Map(node, ctx.File, "environment");
        var name = Str(m, "name", ctx.File, "environment") ?? throw Err(ctx, m, "environment: `name` is required");
        var where = $"environment `{name}`";
        var network = Str(m, "network", ctx.File, where) ?? name;
        var ids = new Dictionary<string, string>();
        if (Get(m, "canisters") is { } c)
        {
            foreach (var (k, v) in Map(c, ctx.File, $"{where}: `canisters`").Children)
            {
                var cname = ((YamlScalarNode)k).Value!;
                if (!canisters.Any(x => x.Name == cname)) throw Err(ctx, k, $"{where}: `canisters`: `{cname}` is not a canister of this project");
                ids[cname] = v is YamlScalarNode sv && !string.IsNullOrEmpty(sv.Value) ? sv.Value : throw Err(ctx, v, $"{where}: `canisters.{cname}` must be a canister id");
            }
        }
        return new IcpEnvironment(name, network, ids);
    }

    private static IcpNetworkDecl Network(Ctx ctx, YamlNode node)
    {
        var m = Map(node, ctx.File, "a network");
        var name = Str(m, "name", ctx.File, "a network") ?? throw Err(ctx, m, "network: `name` is required");
        var where = $"network `{name}`";
        var mode = Str(m, "mode", ctx.File, where);
        if (mode == "connected")
        {
            var url = Str(m, "url", ctx.File, where) ?? throw Err(ctx, m, $"{where}: `url` is required for a connected network");
            if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != "https" && u.Scheme != "http"))
                throw Err(ctx, m, $"{where}: `url` `{url}` must be an http(s) URL");
            var key = Str(m, "root-key", ctx.File, where);
            if (key is not null && !RootKey().IsMatch(key)) throw Err(ctx, m, $"{where}: `root-key` must be 266 lowercase hex characters (the DER root key)");
            return new IcpNetworkDecl(name, u, key);
        }
        if (mode == "managed")
        {
            var host = "localhost";
            var port = "8000";
            if (Get(m, "gateway") is YamlMappingNode g)
            {
                host = Str(g, "host", ctx.File, where) ?? host;
                port = Str(g, "port", ctx.File, where) ?? port;
            }
            if (!ushort.TryParse(port, out _)) throw Err(ctx, m, $"{where}: `gateway.port` `{port}` must be a port number");
            return new IcpNetworkDecl(name, new Uri($"http://{host}:{port}/"), null);
        }
        throw Err(ctx, m, $"{where}: `mode` must be `connected` or `managed`");
    }

    private static void Only(Ctx ctx, YamlMappingNode m, string where, params string[] keys)
    {
        foreach (var (k, _) in m.Children)
            if (k is YamlScalarNode s && !keys.Contains(s.Value))
                throw Err(ctx, k, $"{where}: unknown field `{s.Value}` (expected one of {string.Join(", ", keys)})");
    }

    private static YamlNode? Get(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var v) && !(v is YamlScalarNode { Value: null or "~" } s && s.Style == ScalarStyle.Plain && (s.Value is null || s.Value == "~")) ? v : null;

    private static string? Str(YamlMappingNode m, string key, string file, string where) => Get(m, key) switch
    {
        null => null,
        YamlScalarNode s => s.Value,
        var other => throw new IcpManifestException($"{file}:{other.Start.Line}: {where}: `{key}` must be a string"),
    };

    private static YamlMappingNode Map(YamlNode node, string file, string what) =>
        node as YamlMappingNode ?? throw new IcpManifestException($"{file}:{node.Start.Line}: {what} must be a mapping");

    private static YamlSequenceNode Seq(YamlNode node, string file, string what) =>
        node as YamlSequenceNode ?? throw new IcpManifestException($"{file}:{node.Start.Line}: {what} must be a list");

    private static IcpManifestException Err(Ctx ctx, YamlNode node, string message) => new($"{ctx.File}:{node.Start.Line}: {message}");

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex CanisterName();

    [GeneratedRegex("^[0-9a-f]{266}$")]
    private static partial Regex RootKey();
}
