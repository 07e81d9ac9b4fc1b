using System.Net;
using System.Text.RegularExpressions;
using PluginHost.EndToEnd.Tests.Cluster;
using YamlDotNet.RepresentationModel;
using static PluginHost.EndToEnd.Tests.Deploy.KubernetesManifests;
using static PluginHost.Tests.Common.TestRepo;

namespace PluginHost.EndToEnd.Tests.Deploy;

/// A real `pluginhost node` started with the environment deploy/k8s gives a pod (only what cannot exist on a test
/// machine replaced: the PostgreSQL Secret, the pod IP, the Service's DNS name, the ports) answers the probes.
public sealed class NodeFromManifestTests
{
    [Fact]
    public async Task ANodeWithThePodsEnvironmentJoinsThroughDnsDiscoveryAndAnswersTheProbesOnItsHttpPort()
    {
        var m = await RenderAsync();
        var store = Directory.CreateTempSubdirectory("pluginhost-k8s-env-").FullName;
        var httpPort = NodeProcess.FreePort();
        var remotingPort = NodeProcess.FreePort();
        var local = new Dictionary<string, string>
        {
            ["POD_NAME"] = "pluginhost-node-0",
            ["POD_IP"] = "127.0.0.1",
            ["PLUGINHOST_STORE"] = store, // the embedded store: no PostgreSQL here
            ["PLUGINHOST_LISTEN"] = $"127.0.0.1:{httpPort}",
            ["PLUGINHOST_HOSTNAME"] = "127.0.0.1",
            ["PLUGINHOST_PORT"] = $"{remotingPort}",
            ["PLUGINHOST_DISCOVERY"] = "dns:localhost", // resolves to this machine, as the headless Service does to the pods
        };
        var environment = PodEnvironment(m, local);
        Assert.Equal("pluginhost-node-0", environment["PLUGINHOST_NODE_ID"]);
        Assert.Equal($"http://127.0.0.1:{m.ContainerPort("http")}", environment["PLUGINHOST_ADVERTISE"]);
        environment["PLUGINHOST_ADVERTISE"] = $"http://127.0.0.1:{httpPort}";

        using var process = Start(["node"], environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(5) };
            var readiness = Text(m.NodeContainer, "readinessProbe", "httpGet", "path");
            var liveness = Text(m.NodeContainer, "livenessProbe", "httpGet", "path");
            var ready = false;
            for (var deadline = DateTime.UtcNow.AddSeconds(90); !ready && DateTime.UtcNow < deadline && !process.HasExited;)
            {
                try { ready = (await http.GetAsync(readiness)).StatusCode == HttpStatusCode.OK; }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                if (!ready) await Task.Delay(250);
            }
            Assert.True(ready, $"{readiness} never answered 200; node output:\n{(process.HasExited ? await stdout + await stderr : "(still running)")}");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(liveness)).StatusCode);
            var nodes = await http.GetStringAsync("/nodes");
            Assert.Contains("\"pluginhost-node-0\"", nodes);
            Assert.Contains($"akka.tcp://pluginhost@127.0.0.1:{remotingPort}", nodes);
            Assert.Contains("\"up\"", nodes);

            // What the kubelet does on pod deletion: SIGTERM, then the grace period before SIGKILL.
            SendSignal(process.Id, "-TERM");
            using var grace = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(grace.Token);
            Assert.Equal(143, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            Directory.Delete(store, recursive: true);
        }
    }

    // The node container's variables as the kubelet sets them: literal values with $(NAME) expanded from earlier
    // entries, ConfigMap data from envFrom; entries in `local` replace what only a cluster has.
    private static Dictionary<string, string> PodEnvironment(KubernetesManifests m, IReadOnlyDictionary<string, string> local)
    {
        var environment = new Dictionary<string, string>(m.NodeEnvFromConfigMaps());
        foreach (var entry in m.NodeEnv)
        {
            var name = Text(entry, "name");
            if (local.TryGetValue(name, out var replaced)) environment[name] = replaced;
            else if (Find(entry, "value") is YamlScalarNode { Value: { } value })
                environment[name] = Regex.Replace(value, @"\$\(([A-Z_]+)\)", r => environment[r.Groups[1].Value]);
            else throw new InvalidOperationException($"{name} comes from the cluster ({entry}); give it a local value");
        }
        return environment;
    }
}
