using static PluginHost.Tests.Common.TestRepo;
using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace PluginHost.EndToEnd.Tests.Deploy;

/// deploy/k8s renders with `kubectl kustomize` (CI: apt-get install -y kubectl) and its parts fit together.
public sealed class KubernetesManifestTests
{
    private static string Base => Path.Combine(RepoRoot(), "deploy", "k8s");

    private static async Task<List<YamlMappingNode>> RenderAsync()
    {
        var info = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("kustomize");
        info.ArgumentList.Add(Base);
        Process process;
        try { process = Process.Start(info)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl not found: install it (Debian/Ubuntu: apt-get install -y kubectl) to render deploy/k8s", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"kubectl kustomize failed: {await stderr}");
            var stream = new YamlStream();
            stream.Load(new StringReader(await stdout));
            return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
        }
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    [Fact]
    public async Task EveryFileIsListedAndRendered()
    {
        var files = Directory.GetFiles(Base, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order().ToList();
        var kustomization = new YamlStream();
        kustomization.Load(new StringReader(await File.ReadAllTextAsync(Path.Combine(Base, "kustomization.yaml"))));
        var listed = ((YamlSequenceNode)At(kustomization.Documents[0].RootNode, "resources")).Select(n => ((YamlScalarNode)n).Value).Order().ToList();
        Assert.Equal(files, listed);

        var kinds = (await RenderAsync()).Select(d => Text(d, "kind")).Order().ToList();
        Assert.Equal(["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Secret", "Service", "Service", "StatefulSet"], kinds);
    }

    [Fact]
    public async Task SelectorsMatchLabelsAndProbesHitTheNodesEndpoints()
    {
        var docs = await RenderAsync();
        YamlMappingNode Kind(string kind, string name) => docs.Single(d => Text(d, "kind") == kind && Text(d, "metadata", "name") == name);
        var node = Kind("Deployment", "pluginhost-node");
        var podLabels = (YamlMappingNode)At(node, "spec", "template", "metadata", "labels");
        foreach (var selector in new[] { At(node, "spec", "selector", "matchLabels"), At(Kind("Service", "pluginhost-node"), "spec", "selector"),
                     At(Kind("PodDisruptionBudget", "pluginhost-node"), "spec", "selector", "matchLabels") })
            foreach (var (key, value) in ((YamlMappingNode)selector).Children)
                Assert.Equal(value, podLabels.Children[key]);

        var container = (YamlMappingNode)((YamlSequenceNode)At(node, "spec", "template", "spec", "containers"))[0];
        Assert.Equal("/readyz", Text(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/healthz", Text(container, "livenessProbe", "httpGet", "path"));
        Assert.NotNull(At(container, "resources", "requests", "cpu"));
        Assert.NotNull(At(container, "resources", "limits", "memory"));
        var args = ((YamlSequenceNode)At(container, "args")).Select(a => ((YamlScalarNode)a).Value).ToList();
        Assert.Equal(["node"], args);
        var env = ((YamlSequenceNode)At(container, "env")).Cast<YamlMappingNode>().ToDictionary(e => Text(e, "name"));
        Assert.Equal("0.0.0.0:8080", Text(env["PLUGINHOST_LISTEN"], "value"));
        Assert.Equal("PLUGINHOST_STORE", Text(env["PLUGINHOST_STORE"], "valueFrom", "secretKeyRef", "key"));
        var image = Text(container, "image");
        Assert.Matches(@":\d+\.\d+\.\d+$", image);

        var hpa = Kind("HorizontalPodAutoscaler", "pluginhost-node");
        Assert.Equal("autoscaling/v2", Text(hpa, "apiVersion"));
        Assert.Equal("pluginhost-node", Text(hpa, "spec", "scaleTargetRef", "name"));
        var postgres = Kind("StatefulSet", "pluginhost-postgres");
        Assert.Equal("data", Text((YamlMappingNode)((YamlSequenceNode)At(postgres, "spec", "volumeClaimTemplates"))[0], "metadata", "name"));
        Assert.Equal("pluginhost-postgres", Text(Kind("Service", "pluginhost-postgres"), "spec", "selector", "app.kubernetes.io/name"));
    }
}
