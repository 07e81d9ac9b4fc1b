using PluginHost.Wasm.Binary;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Validation;

/// <summary>A block, loop, if/else or the function itself during validation (the spec's ctrl_frame).</summary>
/// <param name="Kind">The opening instruction (the function frame uses block).</param>
/// <param name="StartTypes">Parameter types (what a loop's branches carry).</param>
/// <param name="EndTypes">Result types (what a block's branches carry).</param>
/// <param name="Height">Operand stack height when the frame was entered.</param>
/// <param name="Unreachable">True after an unconditional branch: the stack below is polymorphic.</param>
internal record struct ControlFrame(Opcode Kind, ValueType[] StartTypes, ValueType[] EndTypes, int Height, bool Unreachable)
{
    /// <summary>The types a branch to this frame's label carries.</summary>
    public readonly ValueType[] LabelTypes => Kind == Opcode.Loop ? StartTypes : EndTypes;
}
