using System.Globalization;
using System.Text.RegularExpressions;
using Tomlyn;
using Tomlyn.Model;

namespace PluginHost.Shared.Manifests;

/// <summary>Maps a parsed .prototools TOML table onto ProtoToolsFile, with errors naming file and key.</summary>
internal sealed partial class ProtoToolsReader(string fileName)
{
    private static readonly string[] HttpKeys =
        ["timeout-seconds", "connect-timeout-seconds", "retries", "allow-invalid-certs", "proxies", "secure-proxies", "root-cert"];

    private readonly string _baseDirectory =
        Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? Directory.GetCurrentDirectory();

    public ProtoToolsFile Read(TomlTable root)
    {
        var tools = new List<ProtoToolVersion>();
        var plugins = new List<ProtoPlugin>();
        var settings = ProtoSettings.Default;
        var toolConfigs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in root)
        {
            switch (key)
            {
                case "plugins":
                    plugins.AddRange(ReadPlugins(ExpectTable(key, value)));
                    break;
                case "settings":
                    settings = ReadSettings(ExpectTable(key, value));
                    break;
                case "tools":
                    foreach (var (tool, config) in ExpectTable(key, value))
                        toolConfigs[tool] = TomlJson.Write(ExpectTable($"tools.{tool}", config));
                    break;
                case "env":
                    ExpectTable(key, value);
                    break;
                default:
                    if (value is TomlTable)
                        throw Error(key, "unknown section; expected [plugins], [settings], [tools] or [env], or tool = \"version\"");
                    CheckId(key, key);
                    var version = ExpectString(key, value, "a version string such as \"20.1.0\" or \"latest\"").Trim();
                    if (version.Length == 0) throw Error(key, "expected a version string such as \"20.1.0\" or \"latest\", found an empty string");
                    tools.Add(new ProtoToolVersion(key, version));
                    break;
            }
        }
        foreach (var plugin in plugins)
        {
            try
            {
                settings.ResolveDownloadUrl(plugin.Locator);
            }
            catch (FormatException e)
            {
                throw Error($"plugins.{plugin.Id}", e.Message);
            }
        }
        return new ProtoToolsFile(fileName, tools, plugins, settings) { ToolConfigs = toolConfigs };
    }

    private IEnumerable<ProtoPlugin> ReadPlugins(TomlTable table)
    {
        foreach (var (id, value) in table)
        {
            var key = $"plugins.{id}";
            CheckId(key, id);
            yield return new ProtoPlugin(id, ReadLocator(key, value));
        }
    }

    private PluginLocator ReadLocator(string key, object value)
    {
        string text;
        string? pin = null;
        switch (value)
        {
            case string s:
                text = s;
                break;
            case TomlTable t:
                foreach (var k in t.Keys)
                {
                    if (k is not ("url" or "sha256"))
                        throw Error($"{key}.{k}", "unknown key; a plugin table has only url and sha256");
                }
                if (!t.TryGetValue("url", out var url)) throw Error($"{key}.url", "missing; expected the plugin locator URL");
                text = ExpectString($"{key}.url", url, "a locator string (file://, https:// or github://)");
                if (t.TryGetValue("sha256", out var sha)) pin = ReadSha256($"{key}.sha256", ExpectString($"{key}.sha256", sha, "a SHA-256 hex string"));
                break;
            default:
                throw Error(key, $"expected a locator string (file://, https:// or github://) or a table {{ url = \"...\", sha256 = \"...\" }}, found {Describe(value)}");
        }

        var hash = text.IndexOf("#sha256=", StringComparison.OrdinalIgnoreCase);
        if (hash >= 0)
        {
            if (pin != null) throw Error(key, "the SHA-256 is given twice (as #sha256= and as sha256 =); keep one");
            pin = ReadSha256(key, text[(hash + 8)..]);
            text = text[..hash];
        }

        if (text.StartsWith("file://", StringComparison.Ordinal)) return ReadFileLocator(key, text, pin);
        if (text.StartsWith("https://", StringComparison.Ordinal) || text.StartsWith("http://", StringComparison.Ordinal))
            return ReadUrlLocator(key, text, pin);
        if (text.StartsWith("github://", StringComparison.Ordinal)) return ReadGitHubLocator(key, text, pin);
        throw Error(key, $"unsupported plugin locator '{text}'; expected file://path, https://url with a sha256 pin, or github://owner/repo");
    }

    private FilePluginLocator ReadFileLocator(string key, string text, string? pin)
    {
        var path = text["file://".Length..];
        if (path.Length == 0) throw Error(key, "expected a path after file://, e.g. file://./plugins/tool.wasm");
        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(_baseDirectory, path));
        return new FilePluginLocator(path, full, pin);
    }

    private UrlPluginLocator ReadUrlLocator(string key, string text, string? pin)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw Error(key, $"'{text}' is not a valid absolute URL");
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            throw Error(key, $"plain http is only allowed for loopback hosts; expected https:// in '{text}'");
        if (pin == null)
            throw Error(key, $"a URL plugin must be pinned: write \"{text}#sha256=<64 hex digits>\" or {{ url = \"{text}\", sha256 = \"<64 hex digits>\" }}");
        return new UrlPluginLocator(uri, pin);
    }

    private GitHubPluginLocator ReadGitHubLocator(string key, string text, string? pin)
    {
        var match = GitHubPattern().Match(text);
        if (!match.Success)
            throw Error(key, $"'{text}' is not a GitHub locator; expected github://owner/repo, github://owner/repo/project or either with @tag");
        var project = match.Groups["project"].Success ? match.Groups["project"].Value : null;
        var tag = match.Groups["tag"].Success ? match.Groups["tag"].Value : null;
        return new GitHubPluginLocator(match.Groups["owner"].Value, match.Groups["repo"].Value, project, tag, pin);
    }

    private string ReadSha256(string key, string text)
    {
        if (text.Length != 64 || !text.All(char.IsAsciiHexDigit))
            throw Error(key, $"expected a SHA-256 of 64 hex digits, found '{text}' ({text.Length} characters)");
        return text.ToLowerInvariant();
    }

    private ProtoSettings ReadSettings(TomlTable table)
    {
        var rewrites = new List<UrlRewrite>();
        var http = ProtoHttpSettings.Default;
        var mirror = ProtoSettings.DefaultGitHubMirror;
        IReadOnlyList<string>? allowedHosts = null;
        foreach (var (key, value) in table)
        {
            switch (key)
            {
                case "url-rewrites":
                    rewrites.AddRange(ReadRewrites(ExpectTable("settings.url-rewrites", value)));
                    break;
                case "http":
                    http = ReadHttp(ExpectTable("settings.http", value));
                    break;
                case "github-mirror":
                    var text = ExpectString("settings.github-mirror", value, "a mirror base URL such as \"https://github.com\"");
                    if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
                        throw Error("settings.github-mirror", $"expected an https:// base URL (http only for loopback), found '{text}'");
                    mirror = uri;
                    break;
                case "allowed-hosts":
                    allowedHosts = ReadHostGlobs("settings.allowed-hosts", value);
                    break;
            }
        }
        return new ProtoSettings(rewrites, http, mirror) { AllowedHosts = allowedHosts };
    }

    /// <summary>An array of host globs: names of letters, digits, '.', '-' and '*' (e.g. "*.example.com", "*").</summary>
    private IReadOnlyList<string> ReadHostGlobs(string key, object value)
    {
        if (value is not TomlArray array) throw Error(key, $"expected an array of host globs such as [\"*.github.com\", \"nodejs.org\"], found {Describe(value)}");
        var hosts = new List<string>();
        foreach (var item in array)
        {
            if (item is not string glob || glob.Length == 0 || !glob.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '*'))
                throw Error(key, $"expected host globs (letters, digits, '.', '-', '*'), found {Describe(item!)}");
            hosts.Add(glob);
        }
        return hosts;
    }

    private IEnumerable<UrlRewrite> ReadRewrites(TomlTable table)
    {
        foreach (var (pattern, value) in table)
        {
            var key = $"settings.url-rewrites.\"{pattern}\"";
            var replacement = ExpectString(key, value, "a replacement string");
            Regex regex;
            try
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw Error(key, $"the key is not a valid regular expression: {e.Message}");
            }
            yield return new UrlRewrite(regex, replacement);
        }
    }

    private ProtoHttpSettings ReadHttp(TomlTable table)
    {
        var http = ProtoHttpSettings.Default;
        foreach (var (key, value) in table)
        {
            var path = $"settings.http.{key}";
            http = key switch
            {
                "timeout-seconds" => http with { Timeout = ReadSeconds(path, value) },
                "connect-timeout-seconds" => http with { ConnectTimeout = ReadSeconds(path, value) },
                "retries" => http with { Retries = ReadRetries(path, value) },
                "allow-invalid-certs" => http with { AllowInvalidCerts = value as bool? ?? throw Error(path, $"expected true or false, found {Describe(value)}") },
                _ when HttpKeys.Contains(key) => http,
                _ => throw Error(path, $"unknown HTTP setting; expected one of {string.Join(", ", HttpKeys)}"),
            };
        }
        return http;
    }

    private TimeSpan ReadSeconds(string key, object value)
    {
        var seconds = value switch
        {
            long l => l,
            double d => d,
            _ => throw Error(key, $"expected a number of seconds, found {Describe(value)}"),
        };
        if (!(seconds > 0 && seconds <= 86_400)) throw Error(key, $"expected a number of seconds between 0 (exclusive) and 86400, found {seconds.ToString(CultureInfo.InvariantCulture)}");
        return TimeSpan.FromSeconds(seconds);
    }

    private int ReadRetries(string key, object value)
    {
        if (value is not long count) throw Error(key, $"expected an integer number of retries, found {Describe(value)}");
        if (count is < 0 or > 100) throw Error(key, $"expected 0 to 100 retries, found {count}");
        return (int)count;
    }

    private TomlTable ExpectTable(string key, object value) =>
        value as TomlTable ?? throw Error(key, $"expected a table, found {Describe(value)}");

    private string ExpectString(string key, object value, string what) =>
        value as string ?? throw Error(key, $"expected {what}, found {Describe(value)}");

    private void CheckId(string key, string id)
    {
        if (!IdPattern().IsMatch(id))
            throw Error(key, $"'{id}' is not a valid tool id; expected a letter followed by letters, digits, '-' or '_'");
    }

    private static string Describe(object value) => value switch
    {
        string s => $"the string \"{s}\"",
        long l => $"the integer {l}",
        double d => $"the float {d.ToString(CultureInfo.InvariantCulture)}",
        bool b => b ? "true" : "false",
        TomlArray => "an array",
        TomlTableArray => "an array of tables",
        TomlTable => "a table",
        TomlDateTime dt => $"the date/time {dt}",
        _ => $"the value {value}",
    };

    private ProtoToolsException Error(string key, string reason) => new(fileName, key, reason);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^github://(?<owner>[A-Za-z0-9][A-Za-z0-9-]*)/(?<repo>[A-Za-z0-9._-]+)(?:/(?<project>[A-Za-z0-9._-]+))?(?:@(?<tag>[A-Za-z0-9._+-]+))?$")]
    private static partial Regex GitHubPattern();
}
