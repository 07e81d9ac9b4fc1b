using System.Text;
using PluginHost.Actors.Runners;
using PluginHost.Plugins.Icp;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Runs;

/// <summary>A test step kind "calls" that makes canister calls m0, m1, m2 the way icp sync plugin steps do, through a
/// <see cref="JournaledGateway"/> over <see cref="Network"/> journaling each answered call with a durable checkpoint.
/// The first attempt parks after its second call (until <see cref="Release"/>), as if its process died there.</summary>
public sealed class CallingExecutor : IStepExecutor
{
    private readonly ManualResetEventSlim _release = new(false);
    private int _parked;

    /// <summary>The fake network the calls reach.</summary>
    public CountingGateway Network { get; } = new();

    /// <summary>The argument of call <c>index</c> in attempt <c>attempt</c>; by default "argINDEX" in every attempt.</summary>
    public Func<int, int, string> ArgOf { get; init; } = (_, index) => $"arg{index}";

    /// <summary>Asked right after each reply reaches the step (attempt, call index): is that call already in the journal?</summary>
    public Func<int, int, bool>? JournaledBeforeReply { get; init; }

    /// <summary>(attempt, call index) pairs whose reply reached the step before the call was in the journal.</summary>
    public List<(int Attempt, int Index)> NotJournaledBeforeReply { get; } = [];

    /// <summary>Attempts parked after their second call.</summary>
    public int Parked => Volatile.Read(ref _parked);

    /// <inheritdoc />
    public string Kind => "calls";

    /// <summary>Lets parked attempts end (as failures nobody listens to any more).</summary>
    public void Release() => _release.Set();

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context)
    {
        var earlier = context.EarlierOutputs.Where(o => o.Stream == JournaledCall.Stream).Select(o => JournaledCall.Parse(o.Data.Text ?? ""));
        var gateway = new JournaledGateway(Network, earlier,
            call => context.OutputDurableAsync(JournaledCall.Stream, Payload.OfText(call.ToJson())));
        var replies = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var reply = await gateway.CallAsync(new CanisterCall("aaaaa-aa", $"m{i}", Encoding.UTF8.GetBytes(ArgOf(context.Attempt, i)), false, 0),
                context.CancellationToken);
            if (JournaledBeforeReply is { } check && !check(context.Attempt, i))
                lock (NotJournaledBeforeReply) NotJournaledBeforeReply.Add((context.Attempt, i));
            if (reply.Error is { } error) return StepResult.Failure(error);
            replies.Add(Encoding.UTF8.GetString(reply.Reply!));
            if (context.Attempt == 1 && i == 1)
            {
                Interlocked.Increment(ref _parked);
                _release.Wait();
                return StepResult.Failure("abandoned");
            }
        }
        return StepResult.Success(Payload.OfText($"{string.Join(',', replies)} ({gateway.Replayed} replayed, {gateway.Sent} sent)"));
    }

    /// <summary>A step of this kind.</summary>
    public static StepSpec Step() => new("calls", "calls", Payload.Empty, StepLimits.Default, "calls");
}
