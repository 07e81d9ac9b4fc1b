using Akka.TestKit.Xunit2;
using PluginHost.Actors.Hosting;

namespace PluginHost.Actors.Tests.Runs;

/// <summary>The start-up journal warm-up: its recovery completes, and a failing journal fails it instead of hanging.</summary>
public sealed class JournalWarmupTests() : TestKit("""
    akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
    akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
    akka.loglevel = WARNING
    """)
{
    [Fact]
    public async Task TheWarmupRecoveryCompletes()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var warmup = Sys.ActorOf(JournalWarmup.PropsFor("pluginhost-warmup-test", done));
        Watch(warmup);

        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        ExpectTerminated(warmup);
    }
}
