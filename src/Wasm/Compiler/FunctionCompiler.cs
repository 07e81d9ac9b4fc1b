using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using PluginHost.Wasm.Binary;
using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Compiler;

/// <summary>Translates one validated function body to IL: the operand stack is the IL stack, locals are IL locals.</summary>
/// <remarks>
/// Calling convention of every compiled function and host stub: <c>R0 f(P0..Pn-1, InstanceContext ctx, ref R1, ..., ref Rm-1)</c>
/// (wasm params are IL args 0..n-1, the first result is the return value, further results go through byrefs).
/// Control flow: a block/if end label and a loop header are IL labels reached with the label's values on the IL stack
/// and the enclosing operand stack untouched below; a branch that must discard values first parks the carried values
/// in scratch locals, pops the rest and reloads them. Code after br/return/unreachable is skipped up to the matching
/// else/end, so the IL never holds unreachable instructions. Every function entry bumps the store's call depth, checks
/// the native stack (every 8 levels, or always for large frames) and polls the interrupt flag; loop headers poll too.
/// Memory base and length are cached in locals and reloaded after calls and memory.grow; traps are explicit IL throws.
/// </remarks>
internal sealed partial class FunctionCompiler
{
    private readonly ModuleCompiler _module;
    private readonly ILGenerator _il;
    private readonly FuncType _type;
    private readonly int _funcIndex;
    private readonly FunctionBody _body;
    private readonly int _paramCount;
    private readonly short _ctxArg;
    private readonly ValueType[] _localTypes;
    private readonly LocalBuilder?[] _locals;
    private readonly List<ValueType> _stack = new();
    private readonly List<ControlFrame> _frames = new();
    private readonly Dictionary<(string, Type, int), LocalBuilder> _scratch = new();
    private readonly Dictionary<uint, LocalBuilder> _globalLocals = new();
    private LocalBuilder _state = null!;
    private LocalBuilder? _memBase;
    private LocalBuilder? _memLength;
    private Opcode _lastOpcode;

    internal FunctionCompiler(ModuleCompiler module, MethodBuilder method, int funcIndex, FuncType type, FunctionBody body)
    {
        _module = module;
        _il = method.GetILGenerator();
        _type = type;
        _funcIndex = funcIndex;
        _body = body;
        _paramCount = type.Params.Length;
        _ctxArg = (short)_paramCount;
        var types = new List<ValueType>(type.Params);
        foreach (var group in body.Locals)
            for (var i = 0u; i < group.Count; i++) types.Add(group.Type);
        _localTypes = types.ToArray();
        _locals = new LocalBuilder?[_localTypes.Length];
    }

    /// <summary>Emits the whole method.</summary>
    internal void Compile()
    {
        var usesMemory = false;
        var instructionCount = 0;
        var reader = new InstructionReader(_body.Code.Span, _body.CodeOffset);
        while (!reader.IsAtEnd)
        {
            var ins = reader.Read();
            instructionCount++;
            if (UsesMemory(ins)) usesMemory = true;
            if (ins.Opcode is Opcode.GlobalGet or Opcode.GlobalSet) _globalLocals.TryAdd(ins.Index, null!);
        }

        for (var i = _paramCount; i < _localTypes.Length; i++) _locals[i] = _il.DeclareLocal(IlTypes.Of(_localTypes[i]));
        EmitPrologue(usesMemory, _localTypes.Length > 256);

        var fn = new ControlFrame { Kind = FrameKind.Function, Results = _type.Results, Height = 0, End = _il.DefineLabel() };
        _frames.Add(fn);
        reader = new InstructionReader(_body.Code.Span, _body.CodeOffset);
        while (!reader.IsAtEnd && _frames.Count > 0)
        {
            var ins = reader.Read();
            var frame = _frames[^1];
            if (frame.Unreachable || frame.Dead)
            {
                SkipUnreachable(ins, frame);
                continue;
            }
            Emit(ins);
            _lastOpcode = ins.Opcode;
        }
    }

    private static bool UsesMemory(in Instruction ins) =>
        ins.Opcode is >= Opcode.I32Load and <= Opcode.MemoryGrow
        || (ins.Opcode == Opcode.PrefixFC && ins.Prefixed is >= PrefixedOpcode.MemoryInit and <= PrefixedOpcode.MemoryFill);

    private void SkipUnreachable(in Instruction ins, ControlFrame frame)
    {
        switch (ins.Opcode)
        {
            case Opcode.Block or Opcode.Loop or Opcode.If:
                _frames.Add(new ControlFrame { Dead = true });
                break;
            case Opcode.Else when !frame.Dead:
                BeginElse(frame);
                break;
            case Opcode.End:
                if (frame.Dead) _frames.RemoveAt(_frames.Count - 1);
                else EndFrame(frame);
                break;
        }
    }

    // ---- prologue / epilogue -------------------------------------------------------------

    private void EmitPrologue(bool usesMemory, bool bigFrame)
    {
        var il = _il;
        _state = il.DeclareLocal(typeof(StoreState));
        var depth = il.DeclareLocal(typeof(int));
        il.EmitLdarg(_ctxArg);
        EmitField(OpCodes.Ldfld, Fields.State);
        il.Emit(OpCodes.Stloc, _state);
        // depth = ++state.Depth; if (depth > state.MaxDepth) trap
        il.Emit(OpCodes.Ldloc, _state);
        il.Emit(OpCodes.Ldloc, _state);
        EmitField(OpCodes.Ldfld, Fields.Depth);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Stloc, depth);
        EmitField(OpCodes.Stfld, Fields.Depth);
        var ok = il.DefineLabel();
        il.Emit(OpCodes.Ldloc, depth);
        il.Emit(OpCodes.Ldloc, _state);
        EmitField(OpCodes.Ldfld, Fields.MaxDepth);
        il.Emit(OpCodes.Ble, ok);
        Call(Methods.StackExhausted);
        il.Emit(OpCodes.Throw);
        il.MarkLabel(ok);
        // Native stack: checked every 8 levels, or on every entry for functions with large frames.
        var ok2 = il.DefineLabel();
        if (!bigFrame)
        {
            il.Emit(OpCodes.Ldloc, depth);
            il.Emit(OpCodes.Ldc_I4_7);
            il.Emit(OpCodes.And);
            il.Emit(OpCodes.Brtrue, ok2);
        }
        Call(Methods.TryEnsureStack);
        il.Emit(OpCodes.Brtrue, ok2);
        Call(Methods.StackExhausted);
        il.Emit(OpCodes.Throw);
        il.MarkLabel(ok2);
        EmitPoll();
        if (_globalLocals.Count > 0)
        {
            foreach (var index in _globalLocals.Keys.ToList())
            {
                var local = il.DeclareLocal(typeof(Global));
                il.EmitLdarg(_ctxArg);
                EmitField(OpCodes.Ldfld, Fields.Globals);
                EmitI4((int)index);
                il.Emit(OpCodes.Ldelem_Ref);
                il.Emit(OpCodes.Stloc, local);
                _globalLocals[index] = local;
            }
        }
        if (usesMemory)
        {
            _memBase = il.DeclareLocal(typeof(nint));
            _memLength = il.DeclareLocal(typeof(ulong));
            ReloadMemory();
        }
    }

    /// <summary>Interrupt check (one volatile load and a branch) and, when enabled, fuel.</summary>
    private void EmitPoll()
    {
        var il = _il;
        var ok = il.DefineLabel();
        il.Emit(OpCodes.Ldloc, _state);
        il.Emit(OpCodes.Volatile);
        EmitField(OpCodes.Ldfld, Fields.Interrupt);
        il.Emit(OpCodes.Brfalse, ok);
        il.EmitLdarg(_ctxArg);
        Call(Methods.Interrupted);
        il.Emit(OpCodes.Throw);
        il.MarkLabel(ok);
        if (!_module.ConsumeFuel) return;
        var ok2 = il.DefineLabel();
        var fuel = Scratch("fuel", typeof(long));
        il.Emit(OpCodes.Ldloc, _state);
        il.Emit(OpCodes.Ldloc, _state);
        EmitField(OpCodes.Ldfld, Fields.Fuel);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Stloc, fuel);
        EmitField(OpCodes.Stfld, Fields.Fuel);
        il.Emit(OpCodes.Ldloc, fuel);
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Bge, ok2);
        Call(Methods.OutOfFuel);
        il.Emit(OpCodes.Throw);
        il.MarkLabel(ok2);
    }

    private void ReloadMemory()
    {
        if (_memBase is null) return;
        var il = _il;
        il.EmitLdarg(_ctxArg);
        EmitField(OpCodes.Ldfld, Fields.Memory);
        il.Emit(OpCodes.Dup);
        EmitField(OpCodes.Ldfld, Fields.MemBase);
        il.Emit(OpCodes.Stloc, _memBase);
        EmitField(OpCodes.Ldfld, Fields.MemLength);
        il.Emit(OpCodes.Stloc, _memLength!);
    }

    /// <summary>At the function's end label: results on the stack; store extra results through the byref args, return.</summary>
    private void EmitEpilogue()
    {
        var il = _il;
        var results = _type.Results;
        if (results.Length > 1)
        {
            var temps = new LocalBuilder[results.Length];
            for (var k = results.Length - 1; k >= 1; k--)
            {
                temps[k] = Scratch("ret", IlTypes.Of(results[k]), k);
                il.Emit(OpCodes.Stloc, temps[k]);
            }
            for (var k = 1; k < results.Length; k++)
            {
                il.EmitLdarg((short)(_ctxArg + k));
                il.Emit(OpCodes.Ldloc, temps[k]);
                EmitStoreIndirect(results[k]);
            }
        }
        il.Emit(OpCodes.Ldloc, _state);
        il.Emit(OpCodes.Ldloc, _state);
        EmitField(OpCodes.Ldfld, Fields.Depth);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Sub);
        EmitField(OpCodes.Stfld, Fields.Depth);
        il.Emit(OpCodes.Ret);
    }

    private void EmitStoreIndirect(ValueType type)
    {
        _il.Emit(type switch
        {
            ValueType.I32 => OpCodes.Stind_I4,
            ValueType.I64 => OpCodes.Stind_I8,
            ValueType.F32 => OpCodes.Stind_R4,
            ValueType.F64 => OpCodes.Stind_R8,
            _ => OpCodes.Stind_Ref,
        });
    }

    // ---- helpers -------------------------------------------------------------------------

    private LocalBuilder Scratch(string purpose, Type type, int slot = 0)
    {
        if (!_scratch.TryGetValue((purpose, type, slot), out var local))
        {
            local = _il.DeclareLocal(type);
            _scratch[(purpose, type, slot)] = local;
        }
        return local;
    }

    private void EmitI4(int value)
    {
        switch (value)
        {
            case -1: _il.Emit(OpCodes.Ldc_I4_M1); break;
            case 0: _il.Emit(OpCodes.Ldc_I4_0); break;
            case 1: _il.Emit(OpCodes.Ldc_I4_1); break;
            case 2: _il.Emit(OpCodes.Ldc_I4_2); break;
            case 3: _il.Emit(OpCodes.Ldc_I4_3); break;
            case 4: _il.Emit(OpCodes.Ldc_I4_4); break;
            case 5: _il.Emit(OpCodes.Ldc_I4_5); break;
            case 6: _il.Emit(OpCodes.Ldc_I4_6); break;
            case 7: _il.Emit(OpCodes.Ldc_I4_7); break;
            case 8: _il.Emit(OpCodes.Ldc_I4_8); break;
            default:
                if (value is >= sbyte.MinValue and <= sbyte.MaxValue) _il.Emit(OpCodes.Ldc_I4_S, (sbyte)value);
                else _il.Emit(OpCodes.Ldc_I4, value);
                break;
        }
    }

    private void Push(ValueType type) => _stack.Add(type);

    private ValueType Pop()
    {
        var t = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return t;
    }

    private void PopN(int n) => _stack.RemoveRange(_stack.Count - n, n);

    private (ValueType[] Params, ValueType[] Results) BlockSignature(BlockType block)
    {
        if (block.TypeIndex >= 0)
        {
            var t = _module.Info.Types[block.TypeIndex];
            return (t.Params, t.Results);
        }
        return block.Single is { } single ? ([], [single]) : ([], []);
    }

    /// <summary>Calls a runtime helper through the module's token cache. ILGenerator then counts the call as stack-neutral,
    /// which only overestimates maxstack (harmless), never underestimates it.</summary>
    private void Call(MethodInfo method) => _il.Emit(OpCodes.Call, _module.MethodToken(method));

    /// <summary>ldfld/stfld through the module's token cache (both have a fixed stack effect, so ILGenerator's depth tracking stays exact).</summary>
    private void EmitField(OpCode op, FieldInfo field) => _il.Emit(op, _module.FieldToken(field));
}
