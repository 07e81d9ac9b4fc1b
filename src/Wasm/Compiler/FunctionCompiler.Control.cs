using System.Reflection.Emit;
using PluginHost.Wasm.Binary;
using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Compiler;

internal sealed partial class FunctionCompiler
{
    private void BeginBlock(FrameKind kind, BlockType blockType)
    {
        var (p, r) = BlockSignature(blockType);
        var frame = new ControlFrame
        {
            Kind = kind, Params = p, Results = r, Height = _stack.Count - p.Length,
            End = _il.DefineLabel(), Start = _il.DefineLabel(),
        };
        if (kind == FrameKind.If)
        {
            Pop(); // condition
            frame.Height = _stack.Count - p.Length;
            _il.Emit(OpCodes.Brfalse, frame.Start);
        }
        _frames.Add(frame);
        if (kind == FrameKind.Loop)
        {
            _il.MarkLabel(frame.Start);
            EmitPoll();
        }
    }

    private void BeginElse(ControlFrame frame)
    {
        if (!frame.Unreachable)
        {
            _il.Emit(OpCodes.Br, frame.End);
            frame.BranchedTo = true;
        }
        _il.MarkLabel(frame.Start);
        frame.HasElse = true;
        frame.Unreachable = false;
        _stack.RemoveRange(frame.Height, _stack.Count - frame.Height);
        _stack.AddRange(frame.Params);
    }

    private void EndFrame(ControlFrame frame)
    {
        var reachable = !frame.Unreachable;
        if (frame.Kind == FrameKind.If && !frame.HasElse)
        {
            // The implicit else arm passes the params (equal to the results) through.
            _il.MarkLabel(frame.Start);
            reachable = true;
        }
        if (frame.Kind != FrameKind.Loop)
        {
            _il.MarkLabel(frame.End);
            reachable |= frame.BranchedTo;
        }
        _frames.RemoveAt(_frames.Count - 1);
        _stack.RemoveRange(frame.Height, _stack.Count - frame.Height);
        if (frame.Kind == FrameKind.Function)
        {
            if (reachable) EmitEpilogue();
            return;
        }
        if (reachable) _stack.AddRange(frame.Results);
        else SetUnreachable();
    }

    /// <summary>Marks the rest of the current frame as unreachable (after br, return, unreachable, br_table).</summary>
    private void SetUnreachable()
    {
        var frame = _frames[^1];
        frame.Unreachable = true;
        _stack.RemoveRange(frame.Height, _stack.Count - frame.Height);
    }

    private ControlFrame Target(uint depth) => _frames[_frames.Count - 1 - (int)depth];

    private static Label TargetLabel(ControlFrame f) => f.Kind == FrameKind.Loop ? f.Start : f.End;

    /// <summary>Values between the frame's base and the branch values, which a branch must discard.</summary>
    private int Excess(ControlFrame target) => _stack.Count - target.Height - target.LabelTypes.Length;

    /// <summary>Drops the excess values under the branch values (the type stack is left as it was).</summary>
    private void EmitDiscardExcess(ControlFrame target)
    {
        var excess = Excess(target);
        if (excess == 0) return;
        var types = target.LabelTypes;
        var temps = new LocalBuilder[types.Length];
        for (var k = types.Length - 1; k >= 0; k--)
        {
            temps[k] = Scratch("br", IlTypes.Of(types[k]), k);
            _il.Emit(OpCodes.Stloc, temps[k]);
        }
        for (var i = 0; i < excess; i++) _il.Emit(OpCodes.Pop);
        for (var k = 0; k < types.Length; k++) _il.Emit(OpCodes.Ldloc, temps[k]);
    }

    private void EmitBranch(ControlFrame target)
    {
        EmitDiscardExcess(target);
        target.BranchedTo = true;
        _il.Emit(OpCodes.Br, TargetLabel(target));
    }

    private void EmitBr(uint depth)
    {
        EmitBranch(Target(depth));
        SetUnreachable();
    }

    private void EmitBrIf(uint depth)
    {
        Pop();
        var target = Target(depth);
        if (Excess(target) == 0)
        {
            target.BranchedTo = true;
            _il.Emit(OpCodes.Brtrue, TargetLabel(target));
            return;
        }
        var skip = _il.DefineLabel();
        _il.Emit(OpCodes.Brfalse, skip);
        EmitBranch(target);
        _il.MarkLabel(skip);
    }

    private void EmitBrTable(in Instruction ins)
    {
        Pop();
        var index = Scratch("brtable", typeof(int));
        _il.Emit(OpCodes.Stloc, index);
        var stubs = new Dictionary<uint, Label>();
        Label LabelFor(uint depth)
        {
            var target = Target(depth);
            if (Excess(target) == 0)
            {
                target.BranchedTo = true;
                return TargetLabel(target);
            }
            if (!stubs.TryGetValue(depth, out var stub)) stubs[depth] = stub = _il.DefineLabel();
            return stub;
        }
        var targets = ins.BrTableTargets ?? [];
        var labels = new Label[targets.Length];
        for (var i = 0; i < targets.Length; i++) labels[i] = LabelFor(targets[i]);
        var defaultLabel = LabelFor(ins.BrTableDefault);
        if (labels.Length > 0)
        {
            _il.Emit(OpCodes.Ldloc, index);
            _il.Emit(OpCodes.Switch, labels);
        }
        _il.Emit(OpCodes.Br, defaultLabel);
        foreach (var (depth, stub) in stubs)
        {
            _il.MarkLabel(stub);
            EmitBranch(Target(depth));
        }
        SetUnreachable();
    }

    private void EmitReturn()
    {
        EmitBranch(_frames[0]);
        SetUnreachable();
    }

    // ---- calls ---------------------------------------------------------------------------

    private void EmitCall(uint funcIndex)
    {
        var type = _module.FuncTypes[funcIndex];
        if (funcIndex < _module.ImportedFuncCount)
        {
            // args..., ImportCtx[i], ref extra results..., ImportPtr[i], calli
            _il.EmitLdarg(_ctxArg);
            EmitField(OpCodes.Ldfld, Fields.ImportCtx);
            EmitI4((int)funcIndex);
            _il.Emit(OpCodes.Ldelem_Ref);
            var temps = PushExtraResultAddresses(type);
            _il.EmitLdarg(_ctxArg);
            EmitField(OpCodes.Ldfld, Fields.ImportPtr);
            EmitI4((int)funcIndex);
            _il.Emit(OpCodes.Ldelem_I);
            _il.EmitCalli(OpCodes.Calli, System.Reflection.CallingConventions.Standard, IlTypes.ReturnType(type), IlTypes.ParameterTypes(type), null);
            FinishCall(type, temps);
        }
        else
        {
            _il.EmitLdarg(_ctxArg);
            var temps = PushExtraResultAddresses(type);
            _il.Emit(OpCodes.Call, _module.Methods[funcIndex - _module.ImportedFuncCount]);
            FinishCall(type, temps);
        }
    }

    private void EmitCallIndirect(in Instruction ins)
    {
        var type = _module.Info.Types[(int)ins.Index];
        Pop(); // table index operand
        var func = Scratch("callee", typeof(Func));
        _il.EmitLdarg(_ctxArg);
        EmitI4((int)ins.Index2);
        EmitI4(SignatureRegistry.IdOf(type));
        Call(Methods.ResolveIndirect);
        _il.Emit(OpCodes.Stloc, func);
        _il.Emit(OpCodes.Ldloc, func);
        EmitField(OpCodes.Ldfld, Fields.FuncCtx);
        var temps = PushExtraResultAddresses(type);
        _il.Emit(OpCodes.Ldloc, func);
        EmitField(OpCodes.Ldfld, Fields.FuncPtr);
        _il.EmitCalli(OpCodes.Calli, System.Reflection.CallingConventions.Standard, IlTypes.ReturnType(type), IlTypes.ParameterTypes(type), null);
        FinishCall(type, temps);
    }

    private LocalBuilder[] PushExtraResultAddresses(FuncType type)
    {
        var temps = new LocalBuilder[type.Results.Length];
        for (var k = 1; k < type.Results.Length; k++)
        {
            temps[k] = Scratch("callres", IlTypes.Of(type.Results[k]), k);
            _il.Emit(OpCodes.Ldloca, temps[k]);
        }
        return temps;
    }

    private void FinishCall(FuncType type, LocalBuilder[] temps)
    {
        PopN(type.Params.Length);
        for (var k = 1; k < type.Results.Length; k++) _il.Emit(OpCodes.Ldloc, temps[k]);
        _stack.AddRange(type.Results);
        ReloadMemory();
    }
}
