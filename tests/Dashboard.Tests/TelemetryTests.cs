using System.Diagnostics;
using System.Net;
using System.Text;
using PluginHost.EndToEnd.Tests.Cluster;
using PluginHost.Nodes.Dashboard;
using PluginHost.Shared.Runs;
using PluginHost.Tests.Common;
using Xunit.Abstractions;
using static PluginHost.Dashboard.Tests.DashboardNodes;

namespace PluginHost.Dashboard.Tests;

/// GET /metrics, OTLP traces and the scrape annotations of deploy/k8s, on real node processes.
public sealed class TelemetryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly DashboardNodes cluster = new();
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        output.WriteLine(cluster.Output);
        http.Dispose();
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task MetricsCountStepsItemsRunsAndMembersInPrometheusText()
    {
        var node = await cluster.StartAsync("n1");
        await cluster.SubmitAsync("m1",
            new WorkItemSpec("ok", "fine", [Builtin("say", "builtin:echo", "hi"), Builtin("wait", "builtin:sleep", "50")]),
            new WorkItemSpec("bad", "broken", [Builtin("explode", "builtin:fail", "no")]));
        await WaitUntilAsync(async () => (await cluster.Client.GetRunAsync("m1")).Run.State is Actors.Runs.RunState.Failed, "run m1 to finish");

        var response = await http.GetAsync(new Uri(node.Url, "metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("pluginhost_steps_total{kind=\"builtin\",outcome=\"succeeded\"} 2", text);
        Assert.Contains("pluginhost_steps_total{kind=\"builtin\",outcome=\"failed\"} 1", text);
        Assert.Contains("pluginhost_step_duration_seconds_count{kind=\"builtin\"} 3", text);
        Assert.Contains("pluginhost_items_total{run_kind=\"sync\",outcome=\"succeeded\"} 1", text);
        Assert.Contains("pluginhost_items_total{run_kind=\"sync\",outcome=\"failed\"} 1", text);
        Assert.Contains("pluginhost_runs{kind=\"sync\",state=\"failed\"} 1", text);
        Assert.Contains("pluginhost_run_items{kind=\"sync\",state=\"succeeded\"} 1", text);
        Assert.Contains("pluginhost_cluster_members{state=\"up\"} 1", text);
        Assert.Equal(4, MemberStatusReader.Sample(text, "pluginhost_runners"));
        Assert.Equal(0, MemberStatusReader.Sample(text, "pluginhost_runners_busy"));
        Assert.Contains("# TYPE pluginhost_step_duration_seconds histogram", text);
    }

    [Fact]
    public async Task SpansAreExportedOverOtlpWhenAnEndpointIsConfigured()
    {
        var port = NodeProcess.FreePort();
        using var receiver = new HttpListener();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/");
        receiver.Start();
        var bodies = new List<(string Path, byte[] Body)>();
        _ = Task.Run(async () =>
        {
            while (receiver.IsListening)
            {
                HttpListenerContext context;
                try { context = await receiver.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                using var copy = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(copy);
                lock (bodies) bodies.Add((context.Request.Url!.AbsolutePath, copy.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
        // The node process inherits these; other tests' nodes started meanwhile would only export to this receiver too.
        var variables = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}", ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf", ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        };
        foreach (var (name, value) in variables) Environment.SetEnvironmentVariable(name, value);
        NodeProcess node;
        try { node = await cluster.StartAsync("traced"); }
        finally { foreach (var name in variables.Keys) Environment.SetEnvironmentVariable(name, null); }
        Assert.Contains("traces exported over OTLP", node.Output);

        await cluster.SubmitAsync("t1", new WorkItemSpec("only", "the item", [Builtin("pause", "builtin:sleep", "20")]));
        await WaitUntilAsync(() =>
        {
            lock (bodies) return Task.FromResult(bodies.Any(b => Contains(b.Body, "step pause")) && bodies.Any(b => Contains(b.Body, "item the item")));
        }, "the item and step spans at the OTLP receiver", TimeSpan.FromSeconds(30));
        lock (bodies)
        {
            Assert.All(bodies, b => Assert.Equal("/v1/traces", b.Path));
            var body = bodies.First(b => Contains(b.Body, "step pause")).Body;
            Assert.True(Contains(body, "pluginhost.step.kind") && Contains(body, "builtin"), "the step span carries its kind");
            Assert.True(Contains(body, "pluginhost"), "the resource names the service");
        }
    }

    [Fact]
    public async Task WithoutAnEndpointTracingIsOff()
    {
        Assert.Null(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        var node = await cluster.StartAsync("untraced");
        Assert.Contains("traces off (no OTEL_EXPORTER_OTLP_ENDPOINT)", node.Output);
    }

    [Fact]
    public async Task TheKubernetesPodsCarryScrapeAnnotations()
    {
        var kustomize = Process.Start(new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(TestRepo.RepoRoot(), "deploy", "k8s")])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var rendered = await kustomize.StandardOutput.ReadToEndAsync();
        await kustomize.WaitForExitAsync();
        Assert.True(kustomize.ExitCode == 0, await kustomize.StandardError.ReadToEndAsync());
        var deployment = rendered.Split("\n---\n").Single(d => d.Contains("\nkind: StatefulSet\n") && d.Contains("\n  name: pluginhost-node\n"));
        Assert.Contains("prometheus.io/scrape: \"true\"", deployment);
        Assert.Contains("prometheus.io/port: \"8080\"", deployment);
        Assert.Contains("prometheus.io/path: /metrics", deployment);
        Assert.Contains("containerPort: 8080", deployment);
        var service = rendered.Split("\n---\n").Single(d => d.Contains("kind: Service") && d.Contains("\n  name: pluginhost-node\n"));
        Assert.Contains("name: http", service);
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
