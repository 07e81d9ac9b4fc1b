using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PluginHost.Nodes.Server;

namespace PluginHost.Nodes.Dashboard;

/// <summary>The web dashboard: pages at /, /ui/runs/{id} and /ui/nodes, assets under /ui/assets, member status at
/// /ui/api/members. It reads only the node's HTTP API (at <c>self</c>) and the members' /metrics, never the store.</summary>
public static class DashboardEndpoints
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Adds the dashboard's endpoints; <paramref name="self"/> is this node's own API base address.</summary>
    public static void Map(WebApplication app, Uri self)
    {
        var members = new MemberStatusReader(Http, self);
        app.MapGet("/", () => Page("runs", "Runs", "", "Loading runs…"));
        app.MapGet("/ui/nodes", () => Page("nodes", "Nodes", "", "Loading nodes…"));
        app.MapGet("/ui/runs/{id}", async (string id, CancellationToken ct) =>
        {
            using var answer = await TryGetAsync(new Uri(self, $"runs/{Uri.EscapeDataString(id)}"), ct);
            return answer?.StatusCode == HttpStatusCode.NotFound
                ? Page("missing", "No such run", id, $"No such run: there is no run '{id}' in this cluster.", StatusCodes.Status404NotFound)
                : Page("run", $"Run {id}", id, "Loading the run…"); // any other answer: the page shows the API's error itself
        });
        app.MapGet("/ui/assets/{name}", (string name) => DashboardAssets.Find(name) is var (bytes, type) && name != "shell.html"
            ? Results.Bytes(bytes, type)
            : Results.NotFound());
        app.MapGet("/ui/api/members", async (CancellationToken ct) =>
        {
            try
            {
                return Results.Json(await members.ReadAsync(ct), NodeApi.JsonOptions);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or KeyNotFoundException)
            {
                return Results.Json(new ApiError($"members not readable from {self}nodes: {e.Message}"), NodeApi.JsonOptions,
                    statusCode: StatusCodes.Status502BadGateway);
            }
        });
    }

    /// <summary>The address this node's own API answers on for a listen address such as "0.0.0.0:8080".</summary>
    public static Uri SelfAddress(string listen)
    {
        var colon = listen.LastIndexOf(':');
        var host = colon < 0 ? listen : listen[..colon];
        var port = colon < 0 ? "80" : listen[(colon + 1)..];
        if (host is "" or "0.0.0.0" or "*" or "+" or "[::]") host = "127.0.0.1";
        return new Uri($"http://{host}:{port}/");
    }

    private static IResult Page(string page, string title, string runId, string main, int status = StatusCodes.Status200OK) =>
        Results.Content(DashboardPage.Render(page, title, runId, main), "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);

    private static async Task<HttpResponseMessage?> TryGetAsync(Uri uri, CancellationToken ct)
    {
        try { return await Http.GetAsync(uri, ct); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return null; }
    }
}
