using System.Diagnostics;
using PluginHost.Actors.Runners;

namespace PluginHost.Nodes.Metrics;

/// <summary>A step executor that counts and times the steps of the one it wraps, keeps the busy-runner gauge, counts
/// journaled canister calls and traces each step as a span under its item's.</summary>
public sealed class MeteredStepExecutor(IStepExecutor inner, NodeMetrics metrics, ItemSpans spans) : IStepExecutor
{
    private const string CallStream = "icp-call";

    /// <summary>A registry with every executor of <paramref name="executors"/> wrapped.</summary>
    public static StepExecutorRegistry Wrap(StepExecutorRegistry executors, NodeMetrics metrics, ItemSpans spans)
    {
        var wrapped = new StepExecutorRegistry();
        foreach (var kind in executors.Kinds) wrapped.Add(new MeteredStepExecutor(executors.Get(kind), metrics, spans));
        return wrapped;
    }

    /// <inheritdoc />
    public string Kind => inner.Kind;

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context)
    {
        using var span = PluginHostTracing.Source.StartActivity($"step {context.Step.Name}", ActivityKind.Internal,
            spans.Find(context.RunId, context.ItemId) ?? PluginHostTracing.RunContext(context.RunId));
        span?.SetTag("pluginhost.run.id", context.RunId);
        span?.SetTag("pluginhost.item.id", context.ItemId);
        span?.SetTag("pluginhost.step.index", context.StepIndex);
        span?.SetTag("pluginhost.step.kind", Kind);
        span?.SetTag("pluginhost.step.plugin", context.Step.Plugin);
        span?.SetTag("pluginhost.step.attempt", context.Attempt);
        var durable = context.OutputDurableAsync;
        var metered = context with
        {
            OutputDurableAsync = async (stream, data) =>
            {
                await durable(stream, data);
                if (stream != CallStream) return;
                var failed = data.Text?.Contains("\"error\":", StringComparison.Ordinal) == true;
                metrics.CanisterCalls.WithLabels(failed ? "failed" : "answered").Inc();
                span?.AddEvent(new ActivityEvent("canister call", tags: new ActivityTagsCollection { ["pluginhost.call"] = data.Text }));
            },
        };
        metrics.RunnersBusy.Inc();
        var clock = Stopwatch.StartNew();
        var outcome = "failed";
        try
        {
            var result = await inner.ExecuteAsync(metered);
            outcome = result.Succeeded ? "succeeded" : "failed";
            if (!result.Succeeded) span?.SetStatus(ActivityStatusCode.Error, result.Error);
            return result;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            outcome = "cancelled";
            throw;
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        finally
        {
            metrics.RunnersBusy.Dec();
            metrics.Steps.WithLabels(Kind, outcome).Inc();
            metrics.StepDuration.WithLabels(Kind).Observe(clock.Elapsed.TotalSeconds);
        }
    }
}
