namespace PluginHost.Plugins.Icp;

/// <summary>The outcome of a canister call: reply bytes or an error message.</summary>
public sealed record CanisterReply(byte[]? Reply, string? Error)
{
    /// <summary>A successful reply.</summary>
    public static CanisterReply Ok(byte[] reply) => new(reply, null);

    /// <summary>A failed call.</summary>
    public static CanisterReply Fail(string error) => new(null, error);
}
