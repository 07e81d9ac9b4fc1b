namespace PluginHost.Actors.Kernel;

/// <summary>An actor failed and its supervisor applied <paramref name="Directive"/>.</summary>
/// <param name="Actor">The failing actor.</param>
/// <param name="Cause">The exception thrown by its handler or lifecycle hook.</param>
/// <param name="Directive">What was done about it.</param>
/// <param name="Restarts">Restarts counted in the current retry window, including this one.</param>
/// <param name="Delay">Backoff delay before the restart (zero for other directives).</param>
public sealed record ActorFailure(ActorRef Actor, Exception Cause, Directive Directive, int Restarts, TimeSpan Delay);
