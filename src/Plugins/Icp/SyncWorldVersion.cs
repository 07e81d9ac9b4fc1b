namespace PluginHost.Plugins.Icp;

/// <summary>The versions of the icp:sync-plugin world this host supports.</summary>
public enum SyncWorldVersion
{
    /// <summary>icp:sync-plugin@0.1.x: every call targets the canister being synced.</summary>
    V0_1,
    /// <summary>icp:sync-plugin@0.2.x: call targets (host or a declared name) and canister-ids.</summary>
    V0_2,
}

/// <summary>Reads a sync plugin's world version from its imports.</summary>
public static class SyncWorldVersions
{
    /// <summary>The prefix of the types interface import that carries the version.</summary>
    public const string TypesPrefix = "icp:sync-plugin/types@";

    /// <summary>The versions named in refusals.</summary>
    public const string Supported = "0.1.x, 0.2.x";

    /// <summary>Detects the version from import names; throws <see cref="SyncPluginException"/> when absent or unsupported.</summary>
    public static SyncWorldVersion Detect(IEnumerable<string> importNames, string pluginName)
    {
        var types = importNames.FirstOrDefault(n => n.StartsWith(TypesPrefix, StringComparison.Ordinal));
        if (types is null)
            throw new SyncPluginException($"{pluginName}: no import named `{TypesPrefix}<version>`; not an icp sync plugin (supported versions: {Supported})");
        var version = types[TypesPrefix.Length..];
        if (version.StartsWith("0.1.", StringComparison.Ordinal) && IsPatch(version[4..])) return SyncWorldVersion.V0_1;
        if (version.StartsWith("0.2.", StringComparison.Ordinal) && IsPatch(version[4..])) return SyncWorldVersion.V0_2;
        throw new SyncPluginException($"{pluginName}: icp:sync-plugin version {version} is not supported (supported versions: {Supported})");
    }

    private static bool IsPatch(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);
}
