using Akka.Actor;
using Akka.Cluster.Sharding;
using PluginHost.Actors.Hosting;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Runs;

namespace PluginHost.Actors.Tests.Runs;

/// <summary>What the sharded run-entity tests share: a one-node cluster with a broker, two runners and the run shard
/// region with remember-entities, as on a node.</summary>
public static class OneNodeRunCluster
{
    /// <summary>Cluster, remoting on a free loopback port and sharding with remember-entities; add a journal.</summary>
    public const string Config = """
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.cluster.sharding { remember-entities = on, remember-entities-store = eventsourced, state-store-mode = persistence }
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    /// <summary>Starts the broker with two runners and joins the node to itself (waits until it is Up); returns the broker.</summary>
    public static IActorRef Start(ActorSystem system, RunServices services, TimeSpan wait)
    {
        var broker = system.ActorOf(RunnerBroker.Props(), RunnerBroker.ActorName);
        for (var i = 0; i < 2; i++) system.ActorOf(RunnerActor.PropsFor(services, broker), $"runner-{i}");
        var cluster = Akka.Cluster.Cluster.Get(system);
        cluster.Join(cluster.SelfAddress);
        var deadline = DateTime.UtcNow + wait;
        while (cluster.SelfMember.Status != Akka.Cluster.MemberStatus.Up)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the test node was not Up within {wait.TotalSeconds:0} s");
            Thread.Sleep(20);
        }
        return broker;
    }

    /// <summary>Starts the run shard region over <paramref name="broker"/>.</summary>
    public static IActorRef StartRegion(ActorSystem system, RunServices services, IActorRef broker) =>
        ClusterSharding.Get(system).Start("run", runId => RunEntity.PropsFor(runId, services, broker),
            ClusterShardingSettings.Create(system), new RunMessageExtractor());
}
