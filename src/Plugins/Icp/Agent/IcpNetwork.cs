namespace PluginHost.Plugins.Icp.Agent;

/// <summary>Where a network is and how its root key is known: built in for the IC mainnet (never fetched), fetched
/// from <c>/api/v2/status</c> for any other (local) network unless icp.yaml declares its `root-key`.</summary>
public sealed record IcpNetwork(string Name, Uri Url, byte[]? BuiltInRootKey)
{
    /// <summary>The IC mainnet's root key (DER), as the agents build it in.</summary>
    public static readonly byte[] IcRootKey = Convert.FromHexString(
        "308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100814c0e6ec71fab583b08bd81373c255c3c371b2e84863c98a4f1e08b74235d14fb5d9c0cd546d9685f913a0c0b2cc5341583bf4b4392e467db96d65b9bb4cb717112f8472e0d5a4d14505ffd7484b01291091c5f87b98883463f98091a0baaae");

    private static readonly string[] IcHosts = ["icp-api.io", "ic0.app", "icp0.io"];

    /// <summary>Resolves a network declared in icp.yaml (<paramref name="declared"/>: its URL, and its `root-key` used as given,
    /// never fetched), then `ic`, `local` (icp-cli's default local network on port 8000) or an http(s) URL; throws <see cref="IcpAgentException"/>.</summary>
    public static IcpNetwork Resolve(string network, IReadOnlyList<PluginHost.Shared.Manifests.Icp.IcpNetworkDecl>? declared = null)
    {
        if (declared?.FirstOrDefault(n => n.Name == network) is { } d)
            return new IcpNetwork(d.Name, d.Url.AbsolutePath.EndsWith('/') ? d.Url : new Uri(d.Url + "/"),
                d.RootKeyHex is null ? (d.Name == "ic" ? IcRootKey : null) : Convert.FromHexString(d.RootKeyHex));
        if (network == "ic") return new IcpNetwork("ic", new Uri("https://icp-api.io/"), IcRootKey);
        if (network == "local") return new IcpNetwork("local", new Uri("http://localhost:8000/"), null);
        if (!Uri.TryCreate(network, UriKind.Absolute, out var url) || (url.Scheme != "http" && url.Scheme != "https"))
            throw new IcpAgentException($"network `{network}` is not declared in icp.yaml `networks`, nor `ic`, `local` or an http(s) URL");
        if (!url.AbsolutePath.EndsWith('/')) url = new Uri(url + "/");
        var mainnet = IcHosts.Any(h => url.Host == h || url.Host.EndsWith("." + h, StringComparison.Ordinal));
        return new IcpNetwork(network, url, mainnet ? IcRootKey : null);
    }

    /// <summary>The root key: the built-in one, or the network's <c>/api/v2/status</c> answer.</summary>
    public async Task<byte[]> RootKeyAsync(HttpClient http, CancellationToken ct) =>
        BuiltInRootKey ?? await IcpAgent.FetchRootKeyAsync(http, Url, ct).ConfigureAwait(false);
}
