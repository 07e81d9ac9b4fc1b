namespace PluginHost.Plugins.Icp;

/// <summary>One call the host makes to a canister on behalf of a plugin.</summary>
/// <param name="CanisterId">Target canister id (textual principal).</param>
/// <param name="Method">Method name.</param>
/// <param name="Arg">Argument bytes (Candid, opaque to the host).</param>
/// <param name="IsQuery">Query (true) or update (false) call.</param>
/// <param name="Cycles">Cycles attached.</param>
public sealed record CanisterCall(string CanisterId, string Method, byte[] Arg, bool IsQuery, ulong Cycles);
