using System.Globalization;
using System.Text.Json;

namespace PluginHost.Nodes.Dashboard;

/// <summary>Reads every member's status for the nodes page: the members from this node's GET /nodes, then each member's
/// GET /metrics (Prometheus text), so the page needs no browser access to the other nodes.</summary>
public sealed class MemberStatusReader(HttpClient http, Uri self)
{
    /// <summary>One status per member listed by /nodes; a member that cannot be read carries the reason.</summary>
    public async Task<IReadOnlyList<MemberStatus>> ReadAsync(CancellationToken cancellationToken)
    {
        using var nodes = JsonDocument.Parse(await http.GetStringAsync(new Uri(self, "nodes"), cancellationToken));
        var members = nodes.RootElement.EnumerateArray()
            .Select(n => (Id: n.GetProperty("nodeId").GetString() ?? "", Address: n.GetProperty("httpAddress").GetString(), State: n.GetProperty("state").GetString()))
            .ToList();
        return await Task.WhenAll(members.Select(m => m.Address is null || m.State is not "up"
            ? Task.FromResult(new MemberStatus(m.Id, null, null, null, $"not read: the member is {m.State}"))
            : ReadOneAsync(m.Id, m.Address, cancellationToken)));
    }

    private async Task<MemberStatus> ReadOneAsync(string nodeId, string address, CancellationToken cancellationToken)
    {
        try
        {
            var text = await http.GetStringAsync(new Uri(new Uri(address.TrimEnd('/') + "/"), "metrics"), cancellationToken);
            return new MemberStatus(nodeId, Sample(text, "pluginhost_runners"), Sample(text, "pluginhost_runners_busy"),
                Sample(text, "pluginhost_plugin_cache_entries"), null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            return new MemberStatus(nodeId, null, null, null, $"metrics of {address} not readable: {e.Message}");
        }
    }

    /// <summary>The value of the first unlabelled sample named <paramref name="name"/> in Prometheus text, or null.</summary>
    public static double? Sample(string text, string name)
    {
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length <= name.Length || line[name.Length] != ' ') continue;
            if (double.TryParse(line.AsSpan(name.Length + 1).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        }
        return null;
    }
}
