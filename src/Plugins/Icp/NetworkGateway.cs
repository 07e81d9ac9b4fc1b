using PluginHost.Plugins.Icp.Agent;

namespace PluginHost.Plugins.Icp;

/// <summary>Canister calls to an IC network through one <see cref="IcpAgent"/> (one pooled HTTP client per node), with
/// bounded concurrency; failures reach the plugin as "canister call failed: CANISTER.METHOD: cause".</summary>
public sealed class NetworkGateway(IcpAgent agent, int maxConcurrent = 32) : IResumableGateway
{
    private readonly SemaphoreSlim _slots = new(maxConcurrent, maxConcurrent);

    /// <inheritdoc />
    public Task<CanisterReply> CallAsync(CanisterCall call, CancellationToken cancellationToken) =>
        CallAsync(call, _ => Task.CompletedTask, cancellationToken);

    /// <inheritdoc />
    public Task<CanisterReply> CallAsync(CanisterCall call, Func<byte[], Task> sending, CancellationToken cancellationToken) =>
        Guarded(call, async canister =>
        {
            if (call.IsQuery) return await agent.QueryAsync(canister, call.Method, call.Arg, cancellationToken).ConfigureAwait(false);
            var envelope = agent.PrepareCall(canister, call.Method, call.Arg);
            await sending(envelope.RequestId).ConfigureAwait(false);
            return await agent.SubmitAsync(canister, envelope, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<CanisterReply> ResumeAsync(CanisterCall call, byte[] requestId, CancellationToken cancellationToken) =>
        Guarded(call, canister => agent.PollAsync(canister, requestId, cancellationToken), cancellationToken);

    private async Task<CanisterReply> Guarded(CanisterCall call, Func<byte[], Task<CanisterReply>> send, CancellationToken ct)
    {
        byte[] canister;
        try { canister = Principal.Parse(call.CanisterId); }
        catch (FormatException e) { return Failed(call, e.Message); }
        await _slots.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var reply = await send(canister).ConfigureAwait(false);
            return reply.Error is null ? reply : Failed(call, reply.Error);
        }
        catch (IcpAgentException e) { return Failed(call, e.Message); }
        finally { _slots.Release(); }
    }

    private static CanisterReply Failed(CanisterCall call, string cause) => CanisterReply.Fail($"canister call failed: {call.CanisterId}.{call.Method}: {cause}");
}
