using System.Globalization;
using PluginHost.Plugins.Hosting.Wasi;

namespace PluginHost.WasmRun;

/// <summary>Parses the values of `pluginhost wasm run` options; each throws <see cref="FormatException"/> naming the problem.</summary>
public static class WasmRunArguments
{
    /// <summary>Parses HOST[::GUEST][:ro]; GUEST defaults to HOST.</summary>
    public static WasiPreopen ParseDir(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var readOnly = spec.EndsWith(":ro", StringComparison.Ordinal);
        if (readOnly) spec = spec[..^3];
        var parts = spec.Split("::", 2);
        var host = parts[0];
        if (host.Length == 0) throw new FormatException($"--dir '{spec}': expected HOST[::GUEST][:ro]");
        if (!Directory.Exists(host)) throw new FormatException($"--dir '{spec}': host directory '{host}' does not exist");
        return new WasiPreopen(host, parts.Length > 1 && parts[1].Length > 0 ? parts[1] : host, readOnly);
    }

    /// <summary>Parses KEY=VALUE.</summary>
    public static KeyValuePair<string, string> ParseEnv(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var eq = spec.IndexOf('=');
        if (eq <= 0) throw new FormatException($"--env '{spec}': expected KEY=VALUE");
        return new(spec[..eq], spec[(eq + 1)..]);
    }

    /// <summary>Parses a duration such as 500ms, 10s, 2m, 1h or plain seconds.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var (number, unit) = SplitUnit(text);
        var factor = unit switch
        {
            "ms" => 1e-3, "" or "s" => 1, "m" => 60, "h" => 3600,
            _ => throw new FormatException($"duration '{text}': unknown unit '{unit}' (expected ms, s, m or h)"),
        };
        if (number <= 0) throw new FormatException($"duration '{text}' must be positive");
        return TimeSpan.FromSeconds(number * factor);
    }

    /// <summary>Parses a size such as 64MiB, 1G, 512k or plain bytes.</summary>
    public static long? ParseSize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var (number, unit) = SplitUnit(text);
        var factor = unit.ToLowerInvariant() switch
        {
            "" or "b" => 1L, "k" or "kb" or "kib" => 1L << 10, "m" or "mb" or "mib" => 1L << 20, "g" or "gb" or "gib" => 1L << 30,
            _ => throw new FormatException($"size '{text}': unknown unit '{unit}' (expected KiB, MiB or GiB)"),
        };
        if (number <= 0) throw new FormatException($"size '{text}' must be positive");
        return (long)(number * factor);
    }

    private static (double Number, string Unit) SplitUnit(string text)
    {
        var t = text.Trim();
        var i = 0;
        while (i < t.Length && (char.IsDigit(t[i]) || t[i] == '.')) i++;
        if (i == 0 || !double.TryParse(t[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            throw new FormatException($"'{text}' does not start with a number");
        return (number, t[i..].Trim());
    }
}
