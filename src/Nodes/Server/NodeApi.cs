using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PluginHost.Actors.Cluster;
using PluginHost.Actors.Journal;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Server;

/// <summary>The node's HTTP API: runs (submit, list, get, follow as server-sent events), nodes, liveness and readiness.</summary>
public static class NodeApi
{
    /// <summary>How often a followed run's journal is polled for new events.</summary>
    public static TimeSpan FollowPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The JSON form of API answers: the run contracts' options, nulls written, text not HTML-escaped.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(RunJson.Options)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Adds the endpoints to the app; submitted runs may only use step kinds among <paramref name="kinds"/>.</summary>
    public static void Map(WebApplication app, IJournal journal, IReadOnlyCollection<string> kinds)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", async (CancellationToken ct) =>
        {
            try
            {
                await journal.ListNodesAsync(ct); // reaches the store and needs the latest migration's table
                return Results.Text("ready\n");
            }
            catch (JournalException e)
            {
                return Results.Text($"not ready: {e.Message}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        app.MapGet("/nodes", async (CancellationToken ct) => Json(await journal.ListNodesAsync(ct)));
        app.MapGet("/runs", async (CancellationToken ct) => Json(await journal.ListRunsAsync(ct)));
        app.MapPost("/runs", async (HttpRequest request, CancellationToken ct) =>
        {
            RunSpec spec;
            try
            {
                using var reader = new StreamReader(request.Body);
                spec = RunJson.DeserializeSpec(await reader.ReadToEndAsync(ct));
                RunSubmission.Validate(spec, kinds);
            }
            catch (Exception e) when (e is JsonException or ArgumentException)
            {
                return Problem(StatusCodes.Status400BadRequest, e.Message);
            }
            try
            {
                var sequence = await RunSubmission.SubmitAsync(journal, spec, cancellationToken: ct);
                return Results.Json(new RunAcceptedResponse(spec.RunId, sequence, $"/runs/{spec.RunId}"), JsonOptions,
                    statusCode: StatusCodes.Status202Accepted);
            }
            catch (JournalConflictException)
            {
                return Problem(StatusCodes.Status409Conflict, $"run '{spec.RunId}' already exists");
            }
        });
        app.MapGet("/runs/{id}", async (string id, CancellationToken ct) =>
        {
            var run = (await journal.ListRunsAsync(ct)).FirstOrDefault(r => r.RunId == id);
            return run is null
                ? Problem(StatusCodes.Status404NotFound, $"no run '{id}'")
                : Json(new RunDetails(run, await journal.ListItemsAsync(id, ct)));
        });
        app.MapGet("/runs/{id}/events", (string id, HttpContext context) => FollowAsync(journal, id, context));
    }

    // Server-sent events: the journal from ?from= (or after Last-Event-ID), then new events as they are journaled, until
    // RunCompleted has been sent or the client goes away; with ?follow=false only what is journaled now.
    private static async Task FollowAsync(IJournal journal, string id, HttpContext context)
    {
        var ct = context.RequestAborted;
        if (!(await journal.ListRunsAsync(ct)).Any(r => r.RunId == id))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync($"no run '{id}'\n", ct);
            return;
        }
        long next = 1;
        var follow = context.Request.Query["follow"] != "false";
        if (long.TryParse(context.Request.Query["from"], out var from) && from > 0) next = from;
        if (long.TryParse(context.Request.Headers["Last-Event-ID"], out var last) && last >= 0) next = last + 1;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.FlushAsync(ct);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var finished = false;
                foreach (var entry in await journal.ReadAsync(id, next, ct))
                {
                    await context.Response.WriteAsync(
                        $"id: {entry.Sequence}\nevent: {entry.Event.EventType}\ndata: {RunJson.Serialize(entry.Event)}\n\n", ct);
                    next = entry.Sequence + 1;
                    finished |= entry.Event is RunCompleted;
                }
                await context.Response.Body.FlushAsync(ct);
                if (finished || !follow) return;
                await Task.Delay(FollowPollInterval, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    private static IResult Json<T>(T value) => Results.Json(value, NodeApi.JsonOptions);

    private static IResult Problem(int status, string message) =>
        Results.Json(new ApiError(message), NodeApi.JsonOptions, statusCode: status);
}

/// <summary>The answer to POST /runs.</summary>
/// <param name="RunId">The accepted run.</param>
/// <param name="Sequence">The journal sequence number of its last submission event.</param>
/// <param name="Location">Where to read the run.</param>
public sealed record RunAcceptedResponse(string RunId, long Sequence, string Location);

/// <summary>The answer to GET /runs/{id}: the run and its items.</summary>
/// <param name="Run">The run.</param>
/// <param name="Items">Its work items.</param>
public sealed record RunDetails(RunSummary Run, IReadOnlyList<WorkItemRecord> Items);

/// <summary>An error answer.</summary>
/// <param name="Error">What was wrong, for people.</param>
public sealed record ApiError(string Error);
