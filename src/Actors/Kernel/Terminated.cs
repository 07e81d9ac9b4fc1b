namespace PluginHost.Actors.Kernel;

/// <summary>Delivered to an actor that watches <paramref name="Actor"/> once that actor has stopped.</summary>
/// <param name="Actor">The actor that stopped.</param>
public sealed record Terminated(ActorRef Actor);
