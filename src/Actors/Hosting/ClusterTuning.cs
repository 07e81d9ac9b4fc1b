namespace PluginHost.Actors.Hosting;

/// <summary>Failure detection, downing and hand-over settings of `pluginhost node` (see docs/design.md, "Cluster
/// failover"): a SIGKILLed member is unreachable after about 2-3 s, downed by the split-brain resolver (keep-majority)
/// once membership was stable for 4 s, and its shards and coordinator move 1 s later, so its items run again on the
/// other members within about 10 s on an idle machine (15 s under heavy load).</summary>
public static class ClusterTuning
{
    /// <summary>Seconds membership must be stable before the split-brain resolver downs unreachable members.</summary>
    public const double StableAfterSeconds = 4;

    /// <summary>The HOCON of the settings.</summary>
    public static string Hocon { get; } = $$"""
        akka.cluster {
          downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
          split-brain-resolver {
            active-strategy = keep-majority
            stable-after = {{StableAfterSeconds}}s
          }
          down-removal-margin = 1s
          failure-detector {
            heartbeat-interval = 500ms
            acceptable-heartbeat-pause = 2s
            threshold = 8.0
            expected-response-after = 500ms
          }
          unreachable-nodes-reaper-interval = 500ms
          leader-actions-interval = 500ms
          gossip-interval = 500ms
          seed-node-timeout = 3s
          retry-unsuccessful-join-after = 3s
          shutdown-after-unsuccessful-join-seed-nodes = off
          singleton.hand-over-retry-interval = 500ms
          singleton-proxy.singleton-identification-interval = 500ms
          sharding {
            retry-interval = 500ms
            coordinator-failure-backoff = 1s
            shard-start-timeout = 5s
            shard-failure-backoff = 1s
            entity-restart-backoff = 1s
            waiting-for-state-timeout = 2s
            updating-state-timeout = 3s
          }
        }
        akka.remote.dot-netty.tcp.connection-timeout = 5s
        """;

    /// <summary>The embedded one-node cluster's settings: the shard region retries its registration with the coordinator
    /// (ignored while the coordinator recovers its state at start) every 100 ms instead of 2 s, so the first run's submit
    /// does not wait for the next retry; the retries are local messages.</summary>
    public static string EmbeddedHocon { get; } = """
        akka.cluster.sharding.retry-interval = 100ms
        """;
}
