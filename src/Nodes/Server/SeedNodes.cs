using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PluginHost.Nodes.Server;

/// <summary>Seed nodes of `pluginhost node`: from --seed flags or $PLUGINHOST_SEEDS (akka.tcp://SYSTEM@host:port or
/// host:port), or from DNS (`--discovery dns:NAME`: the A records of a headless Service, every member on the same
/// remoting port). Akka joins the first reachable seed; a node that is the first seed and reaches no other forms the
/// cluster by itself, so members agree on who starts it by sorting the discovered addresses.</summary>
public static class SeedNodes
{
    /// <summary>The name of the actor system of every node.</summary>
    public const string SystemName = "pluginhost";

    /// <summary>An akka.tcp address for a seed given as an address or as host:port; throws <see cref="FormatException"/>.</summary>
    public static string Parse(string value)
    {
        value = value.Trim();
        if (value.StartsWith("akka.tcp://", StringComparison.Ordinal) || value.StartsWith("akka://", StringComparison.Ordinal))
        {
            try
            {
                var address = Akka.Actor.Address.Parse(value);
                if (address.Host is null || address.Port is null) throw new FormatException("no host or port");
                if (address.System != SystemName) throw new FormatException($"the actor system must be '{SystemName}', not '{address.System}'");
                return address.ToString();
            }
            catch (Exception e) when (e is UriFormatException or FormatException or ArgumentException)
            {
                throw new FormatException($"--seed: '{value}' is not an akka.tcp://{SystemName}@host:port address ({e.Message})");
            }
        }
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
            throw new FormatException($"--seed: expected akka.tcp://{SystemName}@host:port or host:port, got '{value}'");
        return $"akka.tcp://{SystemName}@{value[..colon]}:{port}";
    }

    /// <summary>Seeds from a comma-separated list ($PLUGINHOST_SEEDS).</summary>
    public static IReadOnlyList<string> ParseList(string? values) =>
        (values ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList();

    /// <summary>Seeds from the A records of <paramref name="name"/>, sorted, on <paramref name="port"/>; this node
    /// (<paramref name="self"/>) is added when missing (the first pod finds no other, or itself not yet published).
    /// Throws <see cref="FormatException"/> naming the name when it cannot be resolved for <paramref name="wait"/>.</summary>
    public static async Task<IReadOnlyList<string>> DiscoverAsync(string name, int port, string self, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                var addresses = await Dns.GetHostAddressesAsync(name, AddressFamily.InterNetwork, cancellationToken);
                var hosts = addresses.Select(a => a.ToString()).Append(self).Distinct(StringComparer.Ordinal)
                    .OrderBy(h => IPAddress.TryParse(h, out var ip) ? new Version(string.Join('.', ip.GetAddressBytes())) : new Version(255, 255, 255, 255))
                    .ThenBy(h => h, StringComparer.Ordinal);
                return hosts.Select(h => $"akka.tcp://{SystemName}@{h}:{port}").ToList();
            }
            catch (SocketException e) when (DateTime.UtcNow < deadline)
            {
                _ = e;
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (SocketException e)
            {
                throw new FormatException($"--discovery: cannot resolve '{name}' ({e.Message}): check the headless Service's name");
            }
        }
    }
}
