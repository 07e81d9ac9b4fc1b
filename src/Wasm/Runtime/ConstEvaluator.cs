using PluginHost.Wasm.Binary;
using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm;

/// <summary>Evaluates constant expressions (globals, segment offsets and element items) at instantiation, including extended-const arithmetic.</summary>
internal static class ConstEvaluator
{
    internal static Value Evaluate(ConstExpr expr, Global[] globals, Func[] funcs)
    {
        Span<Value> stack = new Value[8];
        var sp = 0;
        var reader = new InstructionReader(expr.Code.Span, expr.Offset);
        while (!reader.IsAtEnd)
        {
            var ins = reader.Read();
            switch (ins.Opcode)
            {
                case Opcode.End: return stack[sp - 1];
                case Opcode.I32Const: stack[sp++] = Value.FromI32((int)ins.Immediate); break;
                case Opcode.I64Const: stack[sp++] = Value.FromI64(ins.Immediate); break;
                case Opcode.F32Const: stack[sp++] = Value.FromF32Bits((uint)ins.Immediate); break;
                case Opcode.F64Const: stack[sp++] = Value.FromF64Bits((ulong)ins.Immediate); break;
                case Opcode.RefNull: stack[sp++] = Value.Null(ins.RefType); break;
                case Opcode.RefFunc: stack[sp++] = Value.FromFunc(funcs[ins.Index]); break;
                case Opcode.GlobalGet: stack[sp++] = globals[ins.Index].Value; break;
                case Opcode.I32Add: sp--; stack[sp - 1] = Value.FromI32(stack[sp - 1].I32 + stack[sp].I32); break;
                case Opcode.I32Sub: sp--; stack[sp - 1] = Value.FromI32(stack[sp - 1].I32 - stack[sp].I32); break;
                case Opcode.I32Mul: sp--; stack[sp - 1] = Value.FromI32(stack[sp - 1].I32 * stack[sp].I32); break;
                case Opcode.I64Add: sp--; stack[sp - 1] = Value.FromI64(stack[sp - 1].I64 + stack[sp].I64); break;
                case Opcode.I64Sub: sp--; stack[sp - 1] = Value.FromI64(stack[sp - 1].I64 - stack[sp].I64); break;
                case Opcode.I64Mul: sp--; stack[sp - 1] = Value.FromI64(stack[sp - 1].I64 * stack[sp].I64); break;
                default: throw new WasmModuleException(ModuleErrorKind.Invalid, "constant expression required", ins.Offset);
            }
            if (sp == stack.Length)
            {
                var bigger = new Value[stack.Length * 2];
                stack.CopyTo(bigger);
                stack = bigger;
            }
        }
        throw new WasmModuleException(ModuleErrorKind.Malformed, "constant expression without end", expr.Offset);
    }
}
