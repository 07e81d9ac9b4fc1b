namespace PluginHost.Actors.Kernel;

/// <summary>A user message in a mailbox with the ref replies go to (null: no sender).</summary>
internal readonly record struct Envelope(object Message, ActorRef? Sender);
