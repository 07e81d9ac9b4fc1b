using System.Text.Json;
using PluginHost.Actors.Installs;

namespace PluginHost.Nodes.Foreground;

/// <summary>Display text of step progress output ({"phase","bytes","total"}) and of install step results.</summary>
public static class StepProgressText
{
    /// <summary>The phase and a status such as "Downloading 1.2 MiB / 3.4 MiB", or null for output that is not progress JSON.</summary>
    public static (string Phase, string Status)? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            var p = JsonSerializer.Deserialize<ProtoInstallProgress>(json);
            if (p is null || string.IsNullOrEmpty(p.Phase)) return null;
            var status = p.Phase == "Downloading" || p.Bytes > 0
                ? $"{p.Phase} {Bytes(p.Bytes)}{(p.Total is { } t ? " / " + Bytes(t) : "")}"
                : p.Phase;
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

    /// <summary>A byte count for people: B, KiB or MiB.</summary>
    public static string Bytes(long n) => n switch
    {
        < 1024 => $"{n} B",
        < 1024 * 1024 => $"{n / 1024.0:0.0} KiB",
        _ => $"{n / (1024.0 * 1024):0.0} MiB",
    };
}
