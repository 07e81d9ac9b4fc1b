using System.Globalization;
using YamlDotNet.RepresentationModel;
using static PluginHost.EndToEnd.Tests.Deploy.KubernetesManifests;
using static PluginHost.Tests.Common.TestRepo;

namespace PluginHost.EndToEnd.Tests.Deploy;

/// deploy/k8s renders and its parts fit together and fit the node: discovery, ports, probes, variables, shutdown.
public sealed class KubernetesManifestTests
{
    [Fact]
    public async Task EveryFileIsListedAndRenderedAndNothingNeedsRbac()
    {
        var files = Directory.GetFiles(Base, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order().ToList();
        var kustomization = new YamlStream();
        kustomization.Load(new StringReader(await File.ReadAllTextAsync(Path.Combine(Base, "kustomization.yaml"))));
        var listed = ((YamlSequenceNode)At(kustomization.Documents[0].RootNode, "resources")).Select(n => ((YamlScalarNode)n).Value).Order().ToList();
        Assert.Equal(files, listed);

        var manifests = await RenderAsync();
        var kinds = manifests.Documents.Select(d => Text(d, "kind")).Order().ToList();
        Assert.Equal(["ConfigMap", "PodDisruptionBudget", "Secret", "Service", "Service", "Service", "StatefulSet", "StatefulSet"], kinds);
        // Pods are never listed (discovery is DNS), so the node needs no Kubernetes API access at all.
        var pod = At(manifests.Nodes, "spec", "template", "spec");
        Assert.Equal("false", Text(pod, "automountServiceAccountToken"));
        Assert.Null(Find(pod, "serviceAccountName"));
    }

    [Fact]
    public async Task NodesFindEachOtherThroughAHeadlessServicePublishingNotReadyPods()
    {
        var m = await RenderAsync();
        var serviceName = Text(m.Nodes, "spec", "serviceName");
        var discovery = m.Object("Service", serviceName);
        Assert.Equal("None", Text(discovery, "spec", "clusterIP"));
        Assert.Equal("true", Text(discovery, "spec", "publishNotReadyAddresses"));
        AssertSelects(m, At(discovery, "spec", "selector"));
        var env = m.NodeEnv.ToDictionary(e => Text(e, "name"));
        Assert.Equal($"dns:{serviceName}", Text(env["PLUGINHOST_DISCOVERY"], "value"));
        // Every member is seeded on the same remoting port (SeedNodes.DiscoverAsync): the one the pods bind.
        var port = (YamlMappingNode)Assert.Single((YamlSequenceNode)At(discovery, "spec", "ports"));
        Assert.Equal("remoting", Text(port, "targetPort"));
        Assert.Equal(m.ContainerPort("remoting").ToString(CultureInfo.InvariantCulture), Text(port, "port"));
        // Pod N+1 starts once pod N is ready (a member that is Up), so later pods join instead of forming a cluster.
        Assert.Equal("OrderedReady", Text(m.Nodes, "spec", "podManagementPolicy"));
        Assert.Equal("$(POD_IP)", Text(env["PLUGINHOST_PUBLIC_HOSTNAME"], "value"));
        Assert.Equal("status.podIP", Text(env["POD_IP"], "valueFrom", "fieldRef", "fieldPath"));
    }

    [Fact]
    public async Task PortsProbesStoreAndShutdownFitTheNodesSettings()
    {
        var m = await RenderAsync();
        var env = m.NodeEnv.ToDictionary(e => Text(e, "name"));
        var config = m.NodeEnvFromConfigMaps();
        var listen = Text(env["PLUGINHOST_LISTEN"], "value");
        Assert.Equal(m.ContainerPort("http").ToString(CultureInfo.InvariantCulture), listen[(listen.LastIndexOf(':') + 1)..]);
        Assert.Equal(m.ContainerPort("remoting").ToString(CultureInfo.InvariantCulture), Text(env["PLUGINHOST_PORT"], "value"));
        Assert.Equal("0.0.0.0", Text(env["PLUGINHOST_HOSTNAME"], "value")); // reachable from the other pods
        Assert.Equal("http", Text((YamlMappingNode)((YamlSequenceNode)At(m.Object("Service", "pluginhost-node"), "spec", "ports"))[0], "targetPort"));

        var container = m.NodeContainer;
        Assert.Equal("/readyz", Text(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/healthz", Text(container, "livenessProbe", "httpGet", "path"));
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
            Assert.Equal("http", Text(container, probe, "httpGet", "port"));
        Assert.Equal(["node"], ((YamlSequenceNode)At(container, "args")).Select(a => ((YamlScalarNode)a).Value).ToList());
        Assert.Matches(@":\d+\.\d+\.\d+$", Text(container, "image"));
        Assert.NotNull(At(container, "resources", "requests", "cpu"));
        Assert.NotNull(At(container, "resources", "limits", "memory"));

        // The store URL (it holds a password) comes from a key the Secret has.
        var secretRef = At(env["PLUGINHOST_STORE"], "valueFrom", "secretKeyRef");
        var secret = m.Object("Secret", Text(secretRef, "name"));
        Assert.Contains("Host=", Text(secret, "stringData", Text(secretRef, "key")));

        // Kubernetes kills a pod after its grace period: draining (and then leaving the cluster) must fit in it.
        var grace = int.Parse(Text(m.Nodes, "spec", "template", "spec", "terminationGracePeriodSeconds"), CultureInfo.InvariantCulture);
        var drain = double.Parse(config["PLUGINHOST_DRAIN_SECONDS"], CultureInfo.InvariantCulture);
        Assert.True(grace >= drain + 15, $"terminationGracePeriodSeconds {grace} leaves under 15 s after a {drain} s drain to leave the cluster");

        // A voluntary disruption never takes the majority the split-brain resolver keeps.
        var pdb = m.Object("PodDisruptionBudget", "pluginhost-node");
        AssertSelects(m, At(pdb, "spec", "selector", "matchLabels"));
        var replicas = int.Parse(Text(m.Nodes, "spec", "replicas"), CultureInfo.InvariantCulture);
        var maxUnavailable = int.Parse(Text(pdb, "spec", "maxUnavailable"), CultureInfo.InvariantCulture);
        Assert.True(replicas - maxUnavailable > replicas / 2, $"{maxUnavailable} of {replicas} members may be down at once: no majority left");
        AssertSelects(m, At(m.Object("Service", "pluginhost-node"), "spec", "selector"));
        AssertSelects(m, At(m.Nodes, "spec", "selector", "matchLabels"));
        Assert.Equal("pluginhost-postgres", Text(m.Object("Service", "pluginhost-postgres"), "spec", "selector", "app.kubernetes.io/name"));
    }

    [Fact]
    public async Task EveryVariableTheManifestsSetIsOneTheNodeReads()
    {
        var m = await RenderAsync();
        var (exitCode, help, _) = await RunToEnd("node", "--help");
        Assert.Equal(0, exitCode);
        var env = m.NodeEnv;
        var names = env.Select(e => Text(e, "name")).Concat(m.NodeEnvFromConfigMaps().Keys).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var name in names)
        {
            if (name.StartsWith("PLUGINHOST_", StringComparison.Ordinal))
                Assert.True(help.Contains($"${name}", StringComparison.Ordinal), $"`pluginhost node` does not read {name}:\n{help}");
            else // a helper (pod name, pod IP): only there to be expanded into a PLUGINHOST_ variable
                Assert.Contains(env, e => Find(e, "value") is YamlScalarNode v && v.Value!.Contains($"$({name})", StringComparison.Ordinal));
        }
        // Kubernetes expands $(NAME) only for variables defined earlier in the list.
        for (var i = 0; i < env.Count; i++)
            if (Find(env[i], "value") is YamlScalarNode { Value: { } value })
                foreach (System.Text.RegularExpressions.Match r in System.Text.RegularExpressions.Regex.Matches(value, @"\$\(([A-Z_]+)\)"))
                    Assert.Contains(r.Groups[1].Value, env.Take(i).Select(e => Text(e, "name")));
    }

    [Fact]
    public async Task EveryVariableTheImageSetsIsOneTheNodeReads()
    {
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(KubernetesManifests.Base, "..", "..", "Dockerfile"));
        var (exitCode, help, _) = await RunToEnd("node", "--help");
        Assert.Equal(0, exitCode);
        var names = System.Text.RegularExpressions.Regex.Matches(dockerfile, @"\b(PLUGINHOST_[A-Z_]+)=").Select(r => r.Groups[1].Value).ToList();
        Assert.NotEmpty(names);
        foreach (var name in names)
            Assert.True(help.Contains($"${name}", StringComparison.Ordinal), $"the Dockerfile sets {name}, which `pluginhost node` does not read:\n{help}");
    }

    private static void AssertSelects(KubernetesManifests m, YamlNode selector)
    {
        var podLabels = (YamlMappingNode)At(m.Nodes, "spec", "template", "metadata", "labels");
        Assert.NotEmpty(((YamlMappingNode)selector).Children);
        foreach (var (key, value) in ((YamlMappingNode)selector).Children)
            Assert.Equal(value, podLabels.Children[key]);
    }
}
