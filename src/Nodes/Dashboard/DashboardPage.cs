using System.Net;

namespace PluginHost.Nodes.Dashboard;

/// <summary>Renders the dashboard's HTML shell for one page; the page's script fills it from the HTTP API.</summary>
public static class DashboardPage
{
    private static readonly Lazy<string> Shell = new(() => DashboardAssets.Text("shell.html"));

    /// <summary>The shell for page <paramref name="page"/> ("runs", "run", "nodes", "missing") with its title, the run id
    /// (or "") and the main content shown before the script runs (encoded here).</summary>
    public static string Render(string page, string title, string runId, string mainText) => Shell.Value
        .Replace("{{page}}", WebUtility.HtmlEncode(page), StringComparison.Ordinal)
        .Replace("{{title}}", WebUtility.HtmlEncode(title), StringComparison.Ordinal)
        .Replace("{{runId}}", WebUtility.HtmlEncode(runId), StringComparison.Ordinal)
        .Replace("{{main}}", WebUtility.HtmlEncode(mainText), StringComparison.Ordinal);
}
