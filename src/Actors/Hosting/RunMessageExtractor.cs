using Akka.Cluster.Sharding;
using PluginHost.Actors.Runs;

namespace PluginHost.Actors.Hosting;

/// <summary>Routes run commands to the entity of their run id.</summary>
public sealed class RunMessageExtractor() : HashCodeMessageExtractor(100)
{
    /// <inheritdoc />
    public override string? EntityId(object message) => message switch
    {
        IRunCommand command => command.RunId,
        _ => null,
    };
}
