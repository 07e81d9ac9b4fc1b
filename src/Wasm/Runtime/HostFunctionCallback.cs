namespace PluginHost.Wasm;

/// <summary>A host function taking and returning untyped values.</summary>
public delegate void HostFunctionCallback(Caller caller, ReadOnlySpan<Value> args, Span<Value> results);
