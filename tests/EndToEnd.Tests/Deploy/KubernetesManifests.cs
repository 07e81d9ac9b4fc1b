using System.Diagnostics;
using YamlDotNet.RepresentationModel;
using static PluginHost.Tests.Common.TestRepo;

namespace PluginHost.EndToEnd.Tests.Deploy;

/// deploy/k8s as `kubectl kustomize` renders it (CI: apt-get install -y kubectl), with lookups the tests share.
public sealed class KubernetesManifests
{
    private KubernetesManifests(List<YamlMappingNode> documents) => Documents = documents;

    /// The kustomize base.
    public static string Base => Path.Combine(RepoRoot(), "deploy", "k8s");

    /// Every rendered object.
    public List<YamlMappingNode> Documents { get; }

    /// Renders the base; fails the test when kubectl fails.
    public static async Task<KubernetesManifests> RenderAsync()
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
            return new KubernetesManifests(stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList());
        }
    }

    /// The node at <paramref name="path"/> (mapping keys).
    public static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    /// The node at <paramref name="path"/>, or null.
    public static YamlNode? Find(YamlNode node, params string[] path)
    {
        foreach (var key in path)
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out node!)) return null;
        return node;
    }

    /// The scalar at <paramref name="path"/>.
    public static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    /// The object of a kind and name.
    public YamlMappingNode Object(string kind, string name) =>
        Documents.Single(d => Text(d, "kind") == kind && Text(d, "metadata", "name") == name);

    /// The node StatefulSet.
    public YamlMappingNode Nodes => Object("StatefulSet", "pluginhost-node");

    /// The node container.
    public YamlMappingNode NodeContainer => (YamlMappingNode)((YamlSequenceNode)At(Nodes, "spec", "template", "spec", "containers"))[0];

    /// The node container's `env` entries, in order.
    public List<YamlMappingNode> NodeEnv => ((YamlSequenceNode)At(NodeContainer, "env")).Cast<YamlMappingNode>().ToList();

    /// The data of the ConfigMaps the node container takes with `envFrom`.
    public Dictionary<string, string> NodeEnvFromConfigMaps() =>
        ((YamlSequenceNode)At(NodeContainer, "envFrom")).Cast<YamlMappingNode>()
            .Select(e => Object("ConfigMap", Text(e, "configMapRef", "name")))
            .SelectMany(c => ((YamlMappingNode)At(c, "data")).Children)
            .ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!);

    /// The node container's port of a name.
    public int ContainerPort(string name) => int.Parse(Text(
        ((YamlSequenceNode)At(NodeContainer, "ports")).Cast<YamlMappingNode>().Single(p => Text(p, "name") == name), "containerPort"),
        System.Globalization.CultureInfo.InvariantCulture);
}
