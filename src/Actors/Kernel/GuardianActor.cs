namespace PluginHost.Actors.Kernel;

/// <summary>The /user actor: parent of top-level actors; handles no messages.</summary>
internal sealed class GuardianActor : Actor
{
    /// <inheritdoc />
    protected internal override Task ReceiveAsync(object message)
    {
        Unhandled(message);
        return Task.CompletedTask;
    }
}
