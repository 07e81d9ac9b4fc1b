namespace PluginHost.Actors.Kernel;

/// <summary>A message that could not be delivered (recipient stopped or stopping) or that its actor left unhandled.</summary>
/// <param name="Message">The undelivered message.</param>
/// <param name="Sender">Who sent it, if known.</param>
/// <param name="Recipient">Who it was meant for.</param>
public sealed record DeadLetter(object Message, ActorRef? Sender, ActorRef Recipient);
