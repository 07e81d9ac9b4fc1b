using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PluginHost.Actors.Runs;

namespace PluginHost.Actors.Hosting;

/// <summary>The run journal opened for reading only (`pluginhost runs`, tests): an actor system with persistence and
/// the run queries, no cluster, no runners; nothing runs, so runs executing in another process are not touched.</summary>
public sealed class RunStore : IAsyncDisposable
{
    private readonly IHost _host;

    private RunStore(IHost host)
    {
        _host = host;
        Query = new RunsQuery(host.Services.GetRequiredService<ActorSystem>());
    }

    /// <summary>Runs list and run events.</summary>
    public RunsQuery Query { get; }

    /// <summary>Opens the store of <paramref name="settings"/>; throws <see cref="StoreException"/> (one line).</summary>
    public static async Task<RunStore> OpenAsync(AkkaNodeSettings settings, CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();
        builder.Services.AddAkka(settings.SystemName + "-reader", akka => akka.AddRunStore(settings, reading: true));
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new RunStore(host);
    }

    /// <summary>Stops the actor system.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
