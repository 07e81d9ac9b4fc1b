namespace PluginHost.Plugins.Icp;

/// <summary>The per-plugin compute limit (ICP_CLI_PLUGIN_COMPUTE_LIMIT_SECS, default 60 s).</summary>
public static class ComputeLimit
{
    /// <summary>The environment variable.</summary>
    public const string Variable = "ICP_CLI_PLUGIN_COMPUTE_LIMIT_SECS";

    /// <summary>The default limit.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(60);

    /// <summary>Parses the variable's value (null or empty = default); throws <see cref="SyncPluginException"/> unless an integer >= 1.</summary>
    public static TimeSpan Parse(string? value)
    {
        if (string.IsNullOrEmpty(value)) return Default;
        if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var secs)
            || secs < 1 || secs > int.MaxValue)
            throw new SyncPluginException($"{Variable}=`{value}`: expected an integer number of seconds >= 1");
        return TimeSpan.FromSeconds(secs);
    }

    /// <summary>Reads the limit from the process environment.</summary>
    public static TimeSpan FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable));
}
