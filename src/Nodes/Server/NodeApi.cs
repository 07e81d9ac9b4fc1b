using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Akka.Cluster;
using PluginHost.Actors.Hosting;
using PluginHost.Actors.Runs;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Server;

/// <summary>The node's HTTP API: runs (submit, list, get, follow as server-sent events), nodes, liveness and readiness.</summary>
public static class NodeApi
{
    /// <summary>The JSON form of API answers: the run contracts' options, nulls written, text not HTML-escaped.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(RunJson.Options)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Adds the endpoints to the app, served by <paramref name="node"/>; submitted runs may only use step kinds among
    /// <paramref name="kinds"/>; <paramref name="log"/> gets one line per failed request (<see cref="ApiErrors"/>).</summary>
    public static void Map(WebApplication app, AkkaNode node, IReadOnlyCollection<string> kinds, Action<string> log)
    {
        ApiErrors.Use(app, log);
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", () =>
        {
            var status = node.Cluster.SelfMember.Status;
            return status == MemberStatus.Up && !node.IsDraining
                ? Results.Text("ready\n")
                : Results.Text($"not ready: the member is {(node.IsDraining ? "draining" : status.ToString().ToLowerInvariant())}\n",
                    statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/nodes", async (CancellationToken ct) => Json(await ClusterMembers.ListAsync(node, ct)));
        app.MapGet("/runs", async (CancellationToken ct) => Json((await node.Query.ListAsync(ct)).Select(RunViews.ToSummary).ToList()));
        app.MapPost("/runs", async (HttpRequest request, CancellationToken ct) =>
        {
            RunSpec spec;
            try
            {
                using var reader = new StreamReader(request.Body);
                spec = RunJson.DeserializeSpec(await reader.ReadToEndAsync(ct));
                SpecValidation.Validate(spec, kinds);
            }
            catch (Exception e) when (e is JsonException or ArgumentException)
            {
                return Problem(StatusCodes.Status400BadRequest, e.Message);
            }
            object answer;
            try { answer = await node.SubmitAsync(spec, ct); }
            catch (Akka.Actor.AskTimeoutException)
            {
                return Problem(StatusCodes.Status503ServiceUnavailable,
                    $"run '{spec.RunId}' was not accepted within 30 s (its shard is starting or moving between members); submit it again");
            }
            return answer switch
            {
                RunSubmitted s => Results.Json(new RunAcceptedResponse(spec.RunId, s.ItemCount + 1, $"/runs/{spec.RunId}"), JsonOptions,
                    statusCode: StatusCodes.Status202Accepted),
                RunRejected r when r.Reason.Contains("already exists", StringComparison.Ordinal) => Problem(StatusCodes.Status409Conflict, r.Reason),
                RunRejected r => Problem(StatusCodes.Status400BadRequest, r.Reason),
                var other => Problem(StatusCodes.Status500InternalServerError, $"unexpected answer {other.GetType().Name}"),
            };
        });
        app.MapGet("/runs/{id}", async (string id, CancellationToken ct) =>
        {
            var events = new List<RunEvent>();
            await foreach (var (_, e) in node.Query.EventsAsync(id, 1, follow: false, ct)) events.Add(e);
            var run = RunSummaryView.Fold(events.Select((e, i) => ((long)i + 1, e)));
            return run is null
                ? Problem(StatusCodes.Status404NotFound, $"no run '{id}'")
                : Json(new RunDetails(RunViews.ToSummary(run), RunViews.Items(id, events)));
        });
        app.MapGet("/runs/{id}/events", (string id, HttpContext context) => FollowAsync(node, id, context, log));
    }

    // Server-sent events: the journal from ?from= (or after Last-Event-ID), then new events as they are journaled, until
    // RunCompleted has been sent or the client goes away; with ?follow=false only what is journaled now.
    private static async Task FollowAsync(AkkaNode node, string id, HttpContext context, Action<string> log)
    {
        var ct = context.RequestAborted;
        if (await node.Query.GetAsync(id, ct) is null)
        {
            await Problem(StatusCodes.Status404NotFound, $"no run '{id}'").ExecuteAsync(context);
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
            await foreach (var (sequence, e) in node.Query.EventsAsync(id, next, follow, ct))
            {
                await context.Response.WriteAsync($"id: {sequence}\nevent: {e.EventType}\ndata: {RunJson.Serialize(e)}\n\n", ct);
                await context.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (StoreException e)
        {
            // The stream has begun: the reason goes to the client as an `error` event, then the stream ends.
            log($"GET {context.Request.Path} failed: {e.Message}");
            await context.Response.WriteAsync($"event: error\ndata: {JsonSerializer.Serialize(new ApiError(e.Message), JsonOptions)}\n\n", ct);
        }
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
