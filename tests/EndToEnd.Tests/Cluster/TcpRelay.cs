using System.Net;
using System.Net.Sockets;

namespace PluginHost.EndToEnd.Tests.Cluster;

/// A loopback TCP relay to a server port that can be cut: while cut it refuses new connections and has dropped the
/// ones it carried, like a network partition between one node and the database.
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly int target;
    private readonly List<TcpClient> open = [];
    private TcpListener? listener;
    private CancellationTokenSource? accepting;

    public TcpRelay(int targetPort)
    {
        target = targetPort;
        Port = NodeProcess.FreePort();
        Restore();
    }

    /// The port clients connect to.
    public int Port { get; }

    /// Drops every relayed connection and refuses new ones.
    public void Cut()
    {
        accepting?.Cancel();
        listener?.Stop();
        listener = null;
        lock (open)
        {
            foreach (var client in open) client.Dispose();
            open.Clear();
        }
    }

    /// Accepts and relays connections again.
    public void Restore()
    {
        if (listener is not null) return;
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Start();
        accepting = new CancellationTokenSource();
        _ = AcceptAsync(listener, accepting.Token);
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener from, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient inbound;
            try { inbound = await from.AcceptTcpClientAsync(cancellationToken); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            var outbound = new TcpClient();
            try { await outbound.ConnectAsync(IPAddress.Loopback, target, cancellationToken); }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }
            lock (open)
            {
                open.Add(inbound);
                open.Add(outbound);
            }
            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try { await from.GetStream().CopyToAsync(to.GetStream()); }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or SocketException) { }
        from.Dispose();
        to.Dispose();
    }
}
