using System.Reflection;
using System.Reflection.Emit;
using PluginHost.Wasm.Binary;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Compiler;

internal sealed partial class FunctionCompiler
{
    private const ValueType I32 = ValueType.I32, I64 = ValueType.I64, F32 = ValueType.F32, F64 = ValueType.F64;

    private void Emit(in Instruction ins)
    {
        var il = _il;
        switch (ins.Opcode)
        {
            case Opcode.Unreachable:
                Call(Methods.Unreachable);
                il.Emit(OpCodes.Throw);
                SetUnreachable();
                break;
            case Opcode.Nop:
                break;
            case Opcode.Block: BeginBlock(FrameKind.Block, ins.Block); break;
            case Opcode.Loop: BeginBlock(FrameKind.Loop, ins.Block); break;
            case Opcode.If: BeginBlock(FrameKind.If, ins.Block); break;
            case Opcode.Else: BeginElse(_frames[^1]); break;
            case Opcode.End: EndFrame(_frames[^1]); break;
            case Opcode.Br: EmitBr(ins.Index); break;
            case Opcode.BrIf: EmitBrIf(ins.Index); break;
            case Opcode.BrTable: EmitBrTable(ins); break;
            case Opcode.Return: EmitReturn(); break;
            case Opcode.Call: EmitCall(ins.Index); break;
            case Opcode.CallIndirect: EmitCallIndirect(ins); break;
            case Opcode.Drop:
                Pop();
                il.Emit(OpCodes.Pop);
                break;
            case Opcode.Select or Opcode.SelectTyped:
                EmitSelect();
                break;
            case Opcode.LocalGet:
                EmitLoadLocal((int)ins.Index);
                Push(_localTypes[ins.Index]);
                break;
            case Opcode.LocalSet:
                Pop();
                EmitStoreLocal((int)ins.Index);
                break;
            case Opcode.LocalTee:
                il.Emit(OpCodes.Dup);
                EmitStoreLocal((int)ins.Index);
                break;
            case Opcode.GlobalGet:
            {
                var type = _module.GlobalTypes[ins.Index].ValueType;
                il.Emit(OpCodes.Ldloc, _globalLocals[ins.Index]);
                EmitField(OpCodes.Ldfld, GlobalField(type));
                Push(type);
                break;
            }
            case Opcode.GlobalSet:
            {
                var type = Pop();
                var temp = Scratch("gset", IlTypes.Of(type));
                il.Emit(OpCodes.Stloc, temp);
                il.Emit(OpCodes.Ldloc, _globalLocals[ins.Index]);
                il.Emit(OpCodes.Ldloc, temp);
                EmitField(OpCodes.Stfld, GlobalField(type));
                break;
            }
            case Opcode.TableGet:
                Pop();
                il.EmitLdarg(_ctxArg);
                EmitI4((int)ins.Index);
                Call(Methods.Rt(nameof(RuntimeOps.TableGet)));
                Push(_module.TableTypes[ins.Index].ElementType);
                break;
            case Opcode.TableSet:
                PopN(2);
                il.EmitLdarg(_ctxArg);
                EmitI4((int)ins.Index);
                Call(Methods.Rt(nameof(RuntimeOps.TableSet)));
                break;
            case >= Opcode.I32Load and <= Opcode.I64Load32U:
                EmitLoad(ins);
                break;
            case >= Opcode.I32Store and <= Opcode.I64Store32:
                EmitStore(ins);
                break;
            case Opcode.MemorySize:
                il.Emit(OpCodes.Ldloc, _memLength!);
                il.Emit(OpCodes.Ldc_I4, 16);
                il.Emit(OpCodes.Shr_Un);
                il.Emit(OpCodes.Conv_I4);
                Push(I32);
                break;
            case Opcode.MemoryGrow:
                il.EmitLdarg(_ctxArg);
                Call(Methods.Rt(nameof(RuntimeOps.MemoryGrow)));
                ReloadMemory();
                break;
            case Opcode.I32Const:
                EmitI4((int)ins.Immediate);
                Push(I32);
                break;
            case Opcode.I64Const:
                il.Emit(OpCodes.Ldc_I8, ins.Immediate);
                Push(I64);
                break;
            case Opcode.F32Const:
                EmitI4((int)ins.Immediate);
                if (IsFoldSensitive(BitConverter.Int32BitsToSingle((int)ins.Immediate)))
                {
                    il.EmitLdarg(_ctxArg);
                    EmitField(OpCodes.Ldfld, Fields.Zero);
                    il.Emit(OpCodes.Conv_I4);
                    il.Emit(OpCodes.Xor);
                }
                Call(Methods.F32FromBits);
                Push(F32);
                break;
            case Opcode.F64Const:
                il.Emit(OpCodes.Ldc_I8, ins.Immediate);
                if (IsFoldSensitive(BitConverter.Int64BitsToDouble(ins.Immediate)))
                {
                    il.EmitLdarg(_ctxArg);
                    EmitField(OpCodes.Ldfld, Fields.Zero);
                    il.Emit(OpCodes.Xor);
                }
                Call(Methods.F64FromBits);
                Push(F64);
                break;
            case Opcode.RefNull:
                il.Emit(OpCodes.Ldnull);
                Push(ins.RefType);
                break;
            case Opcode.RefIsNull:
                Pop();
                il.Emit(OpCodes.Ldnull);
                il.Emit(OpCodes.Ceq);
                Push(I32);
                break;
            case Opcode.RefFunc:
                il.EmitLdarg(_ctxArg);
                EmitField(OpCodes.Ldfld, Fields.Funcs);
                EmitI4((int)ins.Index);
                il.Emit(OpCodes.Ldelem_Ref);
                Push(ValueType.FuncRef);
                break;
            case Opcode.PrefixFC:
                EmitPrefixed(ins);
                break;
            default:
                EmitNumeric(ins.Opcode);
                break;
        }
    }

    /// <summary>Constants the JIT would fold into IEEE-incorrect results (x - 0, x * 1, -0 - x) or store quieted (NaNs).</summary>
    private static bool IsFoldSensitive(double value) => double.IsNaN(value) || value == 0 || Math.Abs(value) == 1;

    private static FieldInfo GlobalField(ValueType type) => type switch
    {
        ValueType.I32 => Fields.GlobalI32,
        ValueType.I64 => Fields.GlobalI64,
        ValueType.F32 => Fields.GlobalF32,
        ValueType.F64 => Fields.GlobalF64,
        _ => Fields.GlobalRef,
    };

    private void EmitLoadLocal(int index)
    {
        if (index < _paramCount) _il.EmitLdarg(index);
        else _il.Emit(OpCodes.Ldloc, _locals[index]!);
    }

    private void EmitStoreLocal(int index)
    {
        if (index < _paramCount) _il.EmitStarg((short)index);
        else _il.Emit(OpCodes.Stloc, _locals[index]!);
    }

    private void EmitSelect()
    {
        Pop();
        var type = Pop();
        // [a b c]: c != 0 ? a : b
        var il = _il;
        var takeFirst = il.DefineLabel();
        var done = il.DefineLabel();
        var temp = Scratch("select", IlTypes.Of(type));
        il.Emit(OpCodes.Brtrue, takeFirst);
        il.Emit(OpCodes.Stloc, temp);
        il.Emit(OpCodes.Pop);
        il.Emit(OpCodes.Ldloc, temp);
        il.Emit(OpCodes.Br, done);
        il.MarkLabel(takeFirst);
        il.Emit(OpCodes.Pop);
        il.MarkLabel(done);
    }

    /// <summary>Address on the stack -> effective pointer on the stack, after the bounds check.</summary>
    private void EmitAddress(ulong offset, int size)
    {
        var il = _il;
        var ok = il.DefineLabel();
        il.Emit(OpCodes.Conv_U8);
        if (offset != 0)
        {
            il.Emit(OpCodes.Ldc_I8, (long)offset);
            il.Emit(OpCodes.Add);
        }
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Ldc_I4, size);
        il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ldloc, _memLength!);
        il.Emit(OpCodes.Ble_Un, ok);
        Call(Methods.MemoryOutOfBounds);
        il.Emit(OpCodes.Throw);
        il.MarkLabel(ok);
        il.Emit(OpCodes.Conv_U);
        il.Emit(OpCodes.Ldloc, _memBase!);
        il.Emit(OpCodes.Add);
    }

    private void EmitLoad(in Instruction ins)
    {
        Pop();
        var (size, op, result, widen) = ins.Opcode switch
        {
            Opcode.I32Load => (4, OpCodes.Ldind_I4, I32, OpCodes.Nop),
            Opcode.I64Load => (8, OpCodes.Ldind_I8, I64, OpCodes.Nop),
            Opcode.F32Load => (4, OpCodes.Ldind_R4, F32, OpCodes.Nop),
            Opcode.F64Load => (8, OpCodes.Ldind_R8, F64, OpCodes.Nop),
            Opcode.I32Load8S => (1, OpCodes.Ldind_I1, I32, OpCodes.Nop),
            Opcode.I32Load8U => (1, OpCodes.Ldind_U1, I32, OpCodes.Nop),
            Opcode.I32Load16S => (2, OpCodes.Ldind_I2, I32, OpCodes.Nop),
            Opcode.I32Load16U => (2, OpCodes.Ldind_U2, I32, OpCodes.Nop),
            Opcode.I64Load8S => (1, OpCodes.Ldind_I1, I64, OpCodes.Conv_I8),
            Opcode.I64Load8U => (1, OpCodes.Ldind_U1, I64, OpCodes.Conv_U8),
            Opcode.I64Load16S => (2, OpCodes.Ldind_I2, I64, OpCodes.Conv_I8),
            Opcode.I64Load16U => (2, OpCodes.Ldind_U2, I64, OpCodes.Conv_U8),
            Opcode.I64Load32S => (4, OpCodes.Ldind_I4, I64, OpCodes.Conv_I8),
            _ => (4, OpCodes.Ldind_U4, I64, OpCodes.Conv_U8),
        };
        EmitAddress(ins.Mem.Offset, size);
        if (size > 1) _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(op);
        if (widen != OpCodes.Nop) _il.Emit(widen);
        Push(result);
    }

    private void EmitStore(in Instruction ins)
    {
        var valueType = Pop();
        Pop();
        var (size, op, narrow) = ins.Opcode switch
        {
            Opcode.I32Store => (4, OpCodes.Stind_I4, OpCodes.Nop),
            Opcode.I64Store => (8, OpCodes.Stind_I8, OpCodes.Nop),
            Opcode.F32Store => (4, OpCodes.Stind_R4, OpCodes.Nop),
            Opcode.F64Store => (8, OpCodes.Stind_R8, OpCodes.Nop),
            Opcode.I32Store8 => (1, OpCodes.Stind_I1, OpCodes.Nop),
            Opcode.I32Store16 => (2, OpCodes.Stind_I2, OpCodes.Nop),
            Opcode.I64Store8 => (1, OpCodes.Stind_I1, OpCodes.Conv_I4),
            Opcode.I64Store16 => (2, OpCodes.Stind_I2, OpCodes.Conv_I4),
            _ => (4, OpCodes.Stind_I4, OpCodes.Conv_I4),
        };
        var temp = Scratch("store", IlTypes.Of(valueType));
        _il.Emit(OpCodes.Stloc, temp);
        EmitAddress(ins.Mem.Offset, size);
        _il.Emit(OpCodes.Ldloc, temp);
        if (narrow != OpCodes.Nop) _il.Emit(narrow);
        if (size > 1) _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(op);
    }

    private void EmitPrefixed(in Instruction ins)
    {
        var il = _il;
        switch (ins.Prefixed)
        {
            case PrefixedOpcode.I32TruncSatF32S: Unary(Methods.Op(nameof(NumericOps.I32TruncSatF32S)), I32); break;
            case PrefixedOpcode.I32TruncSatF32U: Unary(Methods.Op(nameof(NumericOps.I32TruncSatF32U)), I32); break;
            case PrefixedOpcode.I32TruncSatF64S: Unary(Methods.Op(nameof(NumericOps.I32TruncSatF64S)), I32); break;
            case PrefixedOpcode.I32TruncSatF64U: Unary(Methods.Op(nameof(NumericOps.I32TruncSatF64U)), I32); break;
            case PrefixedOpcode.I64TruncSatF32S: Unary(Methods.Op(nameof(NumericOps.I64TruncSatF32S)), I64); break;
            case PrefixedOpcode.I64TruncSatF32U: Unary(Methods.Op(nameof(NumericOps.I64TruncSatF32U)), I64); break;
            case PrefixedOpcode.I64TruncSatF64S: Unary(Methods.Op(nameof(NumericOps.I64TruncSatF64S)), I64); break;
            case PrefixedOpcode.I64TruncSatF64U: Unary(Methods.Op(nameof(NumericOps.I64TruncSatF64U)), I64); break;
            case PrefixedOpcode.MemoryInit:
                PopN(3);
                il.EmitLdarg(_ctxArg);
                EmitI4((int)ins.Index);
                Call(Methods.Rt(nameof(RuntimeOps.MemoryInit)));
                break;
            case PrefixedOpcode.DataDrop:
                il.EmitLdarg(_ctxArg);
                EmitI4((int)ins.Index);
                Call(Methods.Rt(nameof(RuntimeOps.DataDrop)));
                break;
            case PrefixedOpcode.MemoryCopy:
                PopN(3);
                il.EmitLdarg(_ctxArg);
                Call(Methods.Rt(nameof(RuntimeOps.MemoryCopy)));
                break;
            case PrefixedOpcode.MemoryFill:
                PopN(3);
                il.EmitLdarg(_ctxArg);
                Call(Methods.Rt(nameof(RuntimeOps.MemoryFill)));
                break;
            case PrefixedOpcode.TableInit:
                PopN(3);
                il.EmitLdarg(_ctxArg);
                EmitI4((int)ins.Index);
                EmitI4((int)ins.Index2);
                Call(Methods.Rt(nameof(RuntimeOps.TableInit)));
                break;
            case PrefixedOpcode.ElemDrop:
                il.EmitLdarg(_ctxArg);
                EmitI4((int)ins.Index);
                Call(Methods.Rt(nameof(RuntimeOps.ElemDrop)));
                break;
            case PrefixedOpcode.TableCopy:
                PopN(3);
                il.EmitLdarg(_ctxArg);
                EmitI4((int)ins.Index);
                EmitI4((int)ins.Index2);
                Call(Methods.Rt(nameof(RuntimeOps.TableCopy)));
                break;
            case PrefixedOpcode.TableGrow:
                PopN(2);
                il.EmitLdarg(_ctxArg);
                EmitI4((int)ins.Index);
                Call(Methods.Rt(nameof(RuntimeOps.TableGrow)));
                Push(I32);
                break;
            case PrefixedOpcode.TableSize:
                il.EmitLdarg(_ctxArg);
                EmitI4((int)ins.Index);
                Call(Methods.Rt(nameof(RuntimeOps.TableSize)));
                Push(I32);
                break;
            case PrefixedOpcode.TableFill:
                PopN(3);
                il.EmitLdarg(_ctxArg);
                EmitI4((int)ins.Index);
                Call(Methods.Rt(nameof(RuntimeOps.TableFill)));
                break;
            default:
                throw new NotSupportedException($"instruction {ins.Name} is not supported");
        }
    }

    private void Unary(MethodInfo method, ValueType result)
    {
        Pop();
        Call(method);
        Push(result);
    }

    private void Binary(MethodInfo method, ValueType result)
    {
        PopN(2);
        Call(method);
        Push(result);
    }

    private void UnaryOp(OpCode op, ValueType result)
    {
        Pop();
        _il.Emit(op);
        Push(result);
    }

    private void BinaryOp(OpCode op, ValueType result)
    {
        PopN(2);
        _il.Emit(op);
        Push(result);
    }

    /// <summary>Binary op then "== 0": not-equal and the NaN-aware le/ge.</summary>
    private void BinaryOpNot(OpCode op)
    {
        PopN(2);
        _il.Emit(op);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Ceq);
        Push(I32);
    }

    private void F32Op(OpCode op)
    {
        PopN(2);
        _il.Emit(op);
        _il.Emit(OpCodes.Conv_R4);
        Push(F32);
    }

    private void Shift(OpCode op, bool wide)
    {
        PopN(2);
        if (wide) _il.Emit(OpCodes.Conv_I4);
        EmitI4(wide ? 63 : 31);
        _il.Emit(OpCodes.And);
        _il.Emit(op);
        Push(wide ? I64 : I32);
    }

    private void Rotate(MethodInfo method, bool wide)
    {
        PopN(2);
        if (wide) _il.Emit(OpCodes.Conv_I4);
        Call(method);
        Push(wide ? I64 : I32);
    }

    private void EmitNumeric(Opcode op)
    {
        var il = _il;
        switch (op)
        {
            case Opcode.I32Eqz: Pop(); il.Emit(OpCodes.Ldc_I4_0); il.Emit(OpCodes.Ceq); Push(I32); break;
            case Opcode.I32Eq: BinaryOp(OpCodes.Ceq, I32); break;
            case Opcode.I32Ne: BinaryOpNot(OpCodes.Ceq); break;
            case Opcode.I32LtS: BinaryOp(OpCodes.Clt, I32); break;
            case Opcode.I32LtU: BinaryOp(OpCodes.Clt_Un, I32); break;
            case Opcode.I32GtS: BinaryOp(OpCodes.Cgt, I32); break;
            case Opcode.I32GtU: BinaryOp(OpCodes.Cgt_Un, I32); break;
            case Opcode.I32LeS: BinaryOpNot(OpCodes.Cgt); break;
            case Opcode.I32LeU: BinaryOpNot(OpCodes.Cgt_Un); break;
            case Opcode.I32GeS: BinaryOpNot(OpCodes.Clt); break;
            case Opcode.I32GeU: BinaryOpNot(OpCodes.Clt_Un); break;
            case Opcode.I64Eqz: Pop(); il.Emit(OpCodes.Ldc_I4_0); il.Emit(OpCodes.Conv_I8); il.Emit(OpCodes.Ceq); Push(I32); break;
            case Opcode.I64Eq: BinaryOp(OpCodes.Ceq, I32); break;
            case Opcode.I64Ne: BinaryOpNot(OpCodes.Ceq); break;
            case Opcode.I64LtS: BinaryOp(OpCodes.Clt, I32); break;
            case Opcode.I64LtU: BinaryOp(OpCodes.Clt_Un, I32); break;
            case Opcode.I64GtS: BinaryOp(OpCodes.Cgt, I32); break;
            case Opcode.I64GtU: BinaryOp(OpCodes.Cgt_Un, I32); break;
            case Opcode.I64LeS: BinaryOpNot(OpCodes.Cgt); break;
            case Opcode.I64LeU: BinaryOpNot(OpCodes.Cgt_Un); break;
            case Opcode.I64GeS: BinaryOpNot(OpCodes.Clt); break;
            case Opcode.I64GeU: BinaryOpNot(OpCodes.Clt_Un); break;
            case Opcode.F32Eq or Opcode.F64Eq: BinaryOp(OpCodes.Ceq, I32); break;
            case Opcode.F32Ne or Opcode.F64Ne: BinaryOpNot(OpCodes.Ceq); break;
            case Opcode.F32Lt or Opcode.F64Lt: BinaryOp(OpCodes.Clt, I32); break;
            case Opcode.F32Gt or Opcode.F64Gt: BinaryOp(OpCodes.Cgt, I32); break;
            case Opcode.F32Le or Opcode.F64Le: BinaryOpNot(OpCodes.Cgt_Un); break;
            case Opcode.F32Ge or Opcode.F64Ge: BinaryOpNot(OpCodes.Clt_Un); break;

            case Opcode.I32Clz: Unary(Methods.Clz32, I32); break;
            case Opcode.I32Ctz: Unary(Methods.Ctz32, I32); break;
            case Opcode.I32Popcnt: Unary(Methods.Popcnt32, I32); break;
            case Opcode.I32Add: BinaryOp(OpCodes.Add, I32); break;
            case Opcode.I32Sub: BinaryOp(OpCodes.Sub, I32); break;
            case Opcode.I32Mul: BinaryOp(OpCodes.Mul, I32); break;
            case Opcode.I32DivS: Binary(Methods.Op(nameof(NumericOps.I32DivS)), I32); break;
            case Opcode.I32DivU: Binary(Methods.Op(nameof(NumericOps.I32DivU)), I32); break;
            case Opcode.I32RemS: Binary(Methods.Op(nameof(NumericOps.I32RemS)), I32); break;
            case Opcode.I32RemU: Binary(Methods.Op(nameof(NumericOps.I32RemU)), I32); break;
            case Opcode.I32And: BinaryOp(OpCodes.And, I32); break;
            case Opcode.I32Or: BinaryOp(OpCodes.Or, I32); break;
            case Opcode.I32Xor: BinaryOp(OpCodes.Xor, I32); break;
            case Opcode.I32Shl: Shift(OpCodes.Shl, false); break;
            case Opcode.I32ShrS: Shift(OpCodes.Shr, false); break;
            case Opcode.I32ShrU: Shift(OpCodes.Shr_Un, false); break;
            case Opcode.I32Rotl: Rotate(Methods.Rotl32, false); break;
            case Opcode.I32Rotr: Rotate(Methods.Rotr32, false); break;

            case Opcode.I64Clz: Unary(Methods.Clz64, I64); il.Emit(OpCodes.Conv_I8); break;
            case Opcode.I64Ctz: Unary(Methods.Ctz64, I64); il.Emit(OpCodes.Conv_I8); break;
            case Opcode.I64Popcnt: Unary(Methods.Popcnt64, I64); il.Emit(OpCodes.Conv_I8); break;
            case Opcode.I64Add: BinaryOp(OpCodes.Add, I64); break;
            case Opcode.I64Sub: BinaryOp(OpCodes.Sub, I64); break;
            case Opcode.I64Mul: BinaryOp(OpCodes.Mul, I64); break;
            case Opcode.I64DivS: Binary(Methods.Op(nameof(NumericOps.I64DivS)), I64); break;
            case Opcode.I64DivU: Binary(Methods.Op(nameof(NumericOps.I64DivU)), I64); break;
            case Opcode.I64RemS: Binary(Methods.Op(nameof(NumericOps.I64RemS)), I64); break;
            case Opcode.I64RemU: Binary(Methods.Op(nameof(NumericOps.I64RemU)), I64); break;
            case Opcode.I64And: BinaryOp(OpCodes.And, I64); break;
            case Opcode.I64Or: BinaryOp(OpCodes.Or, I64); break;
            case Opcode.I64Xor: BinaryOp(OpCodes.Xor, I64); break;
            case Opcode.I64Shl: Shift(OpCodes.Shl, true); break;
            case Opcode.I64ShrS: Shift(OpCodes.Shr, true); break;
            case Opcode.I64ShrU: Shift(OpCodes.Shr_Un, true); break;
            case Opcode.I64Rotl: Rotate(Methods.Rotl64, true); break;
            case Opcode.I64Rotr: Rotate(Methods.Rotr64, true); break;

            case Opcode.F32Abs: Unary(Methods.Op(nameof(NumericOps.F32Abs)), F32); break;
            case Opcode.F32Neg: Unary(Methods.Op(nameof(NumericOps.F32Neg)), F32); break;
            case Opcode.F32Ceil: Unary(Methods.F32Ceil, F32); break;
            case Opcode.F32Floor: Unary(Methods.F32Floor, F32); break;
            case Opcode.F32Trunc: Unary(Methods.F32Trunc, F32); break;
            case Opcode.F32Nearest: Unary(Methods.Op(nameof(NumericOps.F32Nearest)), F32); break;
            case Opcode.F32Sqrt: Unary(Methods.F32Sqrt, F32); break;
            case Opcode.F32Add: F32Op(OpCodes.Add); break;
            case Opcode.F32Sub: F32Op(OpCodes.Sub); break;
            case Opcode.F32Mul: F32Op(OpCodes.Mul); break;
            case Opcode.F32Div: F32Op(OpCodes.Div); break;
            case Opcode.F32Min: Binary(Methods.Op(nameof(NumericOps.F32Min)), F32); break;
            case Opcode.F32Max: Binary(Methods.Op(nameof(NumericOps.F32Max)), F32); break;
            case Opcode.F32Copysign: Binary(Methods.Op(nameof(NumericOps.F32Copysign)), F32); break;

            case Opcode.F64Abs: Unary(Methods.Op(nameof(NumericOps.F64Abs)), F64); break;
            case Opcode.F64Neg: Unary(Methods.Op(nameof(NumericOps.F64Neg)), F64); break;
            case Opcode.F64Ceil: Unary(Methods.F64Ceil, F64); break;
            case Opcode.F64Floor: Unary(Methods.F64Floor, F64); break;
            case Opcode.F64Trunc: Unary(Methods.F64Trunc, F64); break;
            case Opcode.F64Nearest: Unary(Methods.Op(nameof(NumericOps.F64Nearest)), F64); break;
            case Opcode.F64Sqrt: Unary(Methods.F64Sqrt, F64); break;
            case Opcode.F64Add: BinaryOp(OpCodes.Add, F64); break;
            case Opcode.F64Sub: BinaryOp(OpCodes.Sub, F64); break;
            case Opcode.F64Mul: BinaryOp(OpCodes.Mul, F64); break;
            case Opcode.F64Div: BinaryOp(OpCodes.Div, F64); break;
            case Opcode.F64Min: Binary(Methods.Op(nameof(NumericOps.F64Min)), F64); break;
            case Opcode.F64Max: Binary(Methods.Op(nameof(NumericOps.F64Max)), F64); break;
            case Opcode.F64Copysign: Binary(Methods.Op(nameof(NumericOps.F64Copysign)), F64); break;

            case Opcode.I32WrapI64: UnaryOp(OpCodes.Conv_I4, I32); break;
            case Opcode.I32TruncF32S: Unary(Methods.Op(nameof(NumericOps.I32TruncF32S)), I32); break;
            case Opcode.I32TruncF32U: Unary(Methods.Op(nameof(NumericOps.I32TruncF32U)), I32); break;
            case Opcode.I32TruncF64S: Unary(Methods.Op(nameof(NumericOps.I32TruncF64S)), I32); break;
            case Opcode.I32TruncF64U: Unary(Methods.Op(nameof(NumericOps.I32TruncF64U)), I32); break;
            case Opcode.I64ExtendI32S: UnaryOp(OpCodes.Conv_I8, I64); break;
            case Opcode.I64ExtendI32U: UnaryOp(OpCodes.Conv_U8, I64); break;
            case Opcode.I64TruncF32S: Unary(Methods.Op(nameof(NumericOps.I64TruncF32S)), I64); break;
            case Opcode.I64TruncF32U: Unary(Methods.Op(nameof(NumericOps.I64TruncF32U)), I64); break;
            case Opcode.I64TruncF64S: Unary(Methods.Op(nameof(NumericOps.I64TruncF64S)), I64); break;
            case Opcode.I64TruncF64U: Unary(Methods.Op(nameof(NumericOps.I64TruncF64U)), I64); break;
            case Opcode.F32ConvertI32S: UnaryOp(OpCodes.Conv_R4, F32); break;
            case Opcode.F32ConvertI32U: Pop(); il.Emit(OpCodes.Conv_R_Un); il.Emit(OpCodes.Conv_R4); Push(F32); break;
            case Opcode.F32ConvertI64S: Unary(Methods.Op(nameof(NumericOps.F32ConvertI64S)), F32); break;
            case Opcode.F32ConvertI64U: Unary(Methods.Op(nameof(NumericOps.F32ConvertI64U)), F32); break;
            case Opcode.F32DemoteF64 when _lastOpcode == Opcode.F64PromoteF32: Unary(Methods.Op(nameof(NumericOps.F32DemoteOpaque)), F32); break;
            case Opcode.F32DemoteF64: UnaryOp(OpCodes.Conv_R4, F32); break;
            case Opcode.F64ConvertI32S: UnaryOp(OpCodes.Conv_R8, F64); break;
            case Opcode.F64ConvertI32U: Pop(); il.Emit(OpCodes.Conv_R_Un); il.Emit(OpCodes.Conv_R8); Push(F64); break;
            case Opcode.F64ConvertI64S: UnaryOp(OpCodes.Conv_R8, F64); break;
            case Opcode.F64ConvertI64U: Unary(Methods.Op(nameof(NumericOps.F64ConvertI64U)), F64); break;
            case Opcode.F64PromoteF32: UnaryOp(OpCodes.Conv_R8, F64); break;
            case Opcode.I32ReinterpretF32: Unary(Methods.F32Bits, I32); break;
            case Opcode.I64ReinterpretF64: Unary(Methods.F64Bits, I64); break;
            case Opcode.F32ReinterpretI32: Unary(Methods.F32FromBits, F32); break;
            case Opcode.F64ReinterpretI64: Unary(Methods.F64FromBits, F64); break;
            case Opcode.I32Extend8S: UnaryOp(OpCodes.Conv_I1, I32); break;
            case Opcode.I32Extend16S: UnaryOp(OpCodes.Conv_I2, I32); break;
            case Opcode.I64Extend8S: Pop(); il.Emit(OpCodes.Conv_I1); il.Emit(OpCodes.Conv_I8); Push(I64); break;
            case Opcode.I64Extend16S: Pop(); il.Emit(OpCodes.Conv_I2); il.Emit(OpCodes.Conv_I8); Push(I64); break;
            case Opcode.I64Extend32S: Pop(); il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Conv_I8); Push(I64); break;
            default:
                throw new NotSupportedException($"instruction {op.Name()} is not supported");
        }
    }
}
