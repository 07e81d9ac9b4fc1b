using System.Text.Json;

namespace PluginHost.Plugins.Icp.Identities;

/// <summary>icp-cli's identity store: <c>identity_list.json</c>, <c>identity_defaults.json</c> and <c>keys/NAME.pem</c>
/// under <c>$ICP_HOME/identity</c> (default <c>~/.local/share/icp-cli/identity</c>).</summary>
public sealed class IdentityStore(string dir)
{
    /// <summary>The store directory.</summary>
    public string Dir { get; } = dir;

    /// <summary>The store icp-cli uses on this machine (ICP_HOME respected).</summary>
    public static IdentityStore Default()
    {
        var home = Environment.GetEnvironmentVariable("ICP_HOME");
        if (!string.IsNullOrEmpty(home)) return new IdentityStore(Path.Combine(home, "identity"));
        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(data)) data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return new IdentityStore(Path.Combine(data, "icp-cli", "identity"));
    }

    /// <summary>The default identity's name (icp-cli's: "anonymous" when no defaults file exists).</summary>
    public string DefaultName()
    {
        var path = Path.Combine(Dir, "identity_defaults.json");
        if (!File.Exists(path)) return "anonymous";
        using var doc = Read(path);
        return doc.RootElement.TryGetProperty("default", out var d) && d.ValueKind == JsonValueKind.String
            ? d.GetString()! : throw new IdentityException($"{path}: `default` (string) is required");
    }

    /// <summary>Loads identity <paramref name="name"/> (the default when null), decrypting a password-protected key with
    /// <paramref name="password"/>; throws <see cref="IdentityException"/>.</summary>
    public IcpIdentity Load(string? name = null, Func<string>? password = null)
    {
        name ??= DefaultName();
        var listPath = Path.Combine(Dir, "identity_list.json");
        if (!File.Exists(listPath))
            return name == "anonymous" ? AnonymousIdentity.Instance : throw new IdentityException($"no identity found with name `{name}` (no {listPath})");
        using var doc = Read(listPath);
        if (!doc.RootElement.TryGetProperty("identities", out var all) || all.ValueKind != JsonValueKind.Object)
            throw new IdentityException($"{listPath}: `identities` (object) is required");
        if (!all.TryGetProperty(name, out var spec))
            return name == "anonymous" ? AnonymousIdentity.Instance
                : throw new IdentityException($"no identity found with name `{name}` (have: {string.Join(", ", all.EnumerateObject().Select(p => p.Name).Order())})");
        var kind = spec.TryGetProperty("kind", out var k) ? k.GetString() : null;
        if (kind == "anonymous") return AnonymousIdentity.Instance;
        if (kind != "pem") throw new IdentityException($"identity `{name}`: kind `{kind}` is not supported here (pem and anonymous are)");
        var pemPath = Path.Combine(Dir, "keys", name + ".pem");
        if (!File.Exists(pemPath)) throw new IdentityException($"identity `{name}`: key file {pemPath} is missing");
        var identity = PemKey.Load(File.ReadAllText(pemPath), pemPath, password);
        if (spec.TryGetProperty("principal", out var p) && p.GetString() is { } expected && expected != identity.PrincipalText)
            throw new IdentityException($"identity `{name}`: key {pemPath} has principal {identity.PrincipalText}, but identity_list.json says {expected}");
        return identity;
    }

    /// <summary>A password source reading the first line of <paramref name="path"/> (icp-cli's --password-file).</summary>
    public static Func<string> PasswordFile(string path) => () =>
    {
        try { return File.ReadLines(path).FirstOrDefault() ?? ""; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IdentityException($"identity password file {path}: cannot be read: {e.Message}");
        }
    };

    private static JsonDocument Read(string path)
    {
        try { return JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new IdentityException($"{path}: not valid JSON: {e.Message}"); }
    }
}
