using PluginHost.Nodes.Foreground;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Client;

/// <summary>`pluginhost run|sync|install --server URL`: submits a run to a cluster node and prints its events as they are journaled.</summary>
public static class RemoteRun
{
    /// <summary>Submits and follows; returns the number of failed items (like a local run), or 1 when the node refused;
    /// errors are prefixed with `pluginhost COMMAND`.</summary>
    public static async Task<int> SubmitAndFollowAsync(string server, RunSpec spec, TextWriter output, TextWriter error, CancellationToken cancellationToken,
        string command = "run")
    {
        try
        {
            using var client = new PluginHostClient(PluginHostClient.ParseServer(server));
            var accepted = await client.SubmitAsync(spec, cancellationToken);
            // The same lines as a local run (Foreground.RunProgressView), plus who accepted it.
            output.WriteLine($"run {accepted.RunId} ({spec.Kind}, {Lines.Count(spec.Items.Count, "item")}) accepted by {client.Server}");
            var view = new RunProgressView(spec, output, interactive: false);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var failed = 0;
            await foreach (var entry in client.FollowAsync(spec.RunId, 1, cancellationToken))
            {
                var line = entry.Event is StepOutput { Stream: "stderr" or "call" } o ? $"  [{o.ItemId}] {o.Stream}: {o.Data.Text}" : view.Apply(entry.Event);
                if (line is not null) output.WriteLine(line);
                if (entry.Event is RunCompleted done)
                {
                    failed = done.Failed;
                    output.WriteLine($"elapsed {clock.Elapsed.TotalSeconds:0.00} s");
                }
            }
            return failed;
        }
        catch (Exception e) when (e is PluginHostClientException or FormatException)
        {
            error.WriteLine($"pluginhost {command}: {e.Message}");
            return 1;
        }
    }
}
