using System.Text.Json;
using PluginHost.Actors.Installs;

namespace PluginHost.Nodes.Foreground;

/// <summary>Display text of step progress output ({"phase","bytes","total"}) and of install step results.</summary>
public static class StepProgressText
{
    /// <summary>The phase and a status such as "downloading 1.2 MiB / 3.4 MiB" (no byte count before the first byte), or
    /// null for output that is not progress JSON.</summary>
    public static (string Phase, string Status)? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            var p = JsonSerializer.Deserialize<ProtoInstallProgress>(json);
            if (p is null || string.IsNullOrEmpty(p.Phase)) return null;
            var words = Words(p.Phase);
            var status = p.Bytes > 0 || p.Total is > 0
                ? $"{words} {Bytes(p.Bytes)}{(p.Total is { } t ? " / " + Bytes(t) : "")}"
                : words;
            return (p.Phase, status);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>"VERSION [(from VERSION-FILE)], N bytes downloaded" (or "already installed" / "reused download") of an install result, else null.</summary>
    public static string? Summary(string? json)
    {
        if (string.IsNullOrEmpty(json) || !json.Contains("\"installDir\"", StringComparison.Ordinal)) return null;
        try
        {
            var r = JsonSerializer.Deserialize<ProtoInstallStepResult>(json);
            if (r is null || r.Tool.Length == 0) return null;
            var how = r.AlreadyInstalled ? "already installed" : r.ReusedDownload ? $"reused verified download ({Bytes(r.DownloadedBytes)})" : $"downloaded {Bytes(r.DownloadedBytes)}";
            var from = r.DetectedFrom is { Length: > 0 } file ? $" (from {Path.GetFileName(file)})" : "";
            return $"{r.Version}{from}, {how}, bins: {string.Join(" ", r.Bins.Select(Path.GetFileName))}";
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A phase name in words: "ResolvingVersion" is "resolving version".</summary>
    public static string Words(string phase)
    {
        var text = new System.Text.StringBuilder(phase.Length + 4);
        for (var i = 0; i < phase.Length; i++)
        {
            if (char.IsUpper(phase[i]) && i > 0 && !char.IsUpper(phase[i - 1])) text.Append(' ');
            text.Append(char.ToLowerInvariant(phase[i]));
        }
        return text.ToString();
    }

    /// <summary>A byte count for people: B, KiB or MiB.</summary>
    public static string Bytes(long n) => n switch
    {
        < 1024 => $"{n} B",
        < 1024 * 1024 => $"{n / 1024.0:0.0} KiB",
        _ => $"{n / (1024.0 * 1024):0.0} MiB",
    };
}
