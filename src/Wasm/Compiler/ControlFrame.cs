using System.Reflection.Emit;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Compiler;

/// <summary>Kinds of structured control frames.</summary>
internal enum FrameKind : byte
{
    Function,
    Block,
    Loop,
    If,
}

/// <summary>One open block/loop/if (or the function body) while compiling.</summary>
internal sealed class ControlFrame
{
    internal FrameKind Kind;
    internal ValueType[] Params = [];
    internal ValueType[] Results = [];
    /// <summary>Operand stack height below the frame's parameters.</summary>
    internal int Height;
    /// <summary>Branch target of a block/if/function (reached with the results on the stack).</summary>
    internal Label End;
    /// <summary>Loop header (reached with the params on the stack) or the else arm of an if.</summary>
    internal Label Start;
    /// <summary>True once code after an unconditional branch is being skipped.</summary>
    internal bool Unreachable;
    /// <summary>True when some branch targets <see cref="End"/>.</summary>
    internal bool BranchedTo;
    /// <summary>True when the whole frame lies in unreachable code (nothing is emitted for it).</summary>
    internal bool Dead;
    /// <summary>True once the else arm began.</summary>
    internal bool HasElse;

    /// <summary>The types a branch to this frame carries.</summary>
    internal ValueType[] LabelTypes => Kind == FrameKind.Loop ? Params : Results;
}
