using PluginHost.Wasm.Binary;
using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Validation;

/// <summary>Checks constant expressions: only constant instructions (with extended-const integer arithmetic), and the expected result type.</summary>
internal static class ConstExprValidator
{
    /// <summary>Validates an expression that must produce exactly one value of the expected type.</summary>
    /// <remarks>As in Wasm 2.0, global.get may only read imported, immutable globals.</remarks>
    public static void Validate(ConstExpr expr, ValueType expected, ValidationContext context, string section)
    {
        var reader = new InstructionReader(expr.Code.Span, expr.Offset) { Section = section };
        Span<ValueType> stack = stackalloc ValueType[16];
        var depth = 0;
        while (true)
        {
            var ins = reader.Read();
            ValueType push;
            switch (ins.Opcode)
            {
                case Opcode.End:
                    if (depth != 1 || stack[0] != expected)
                    {
                        var got = depth == 0 ? "nothing" : string.Join(" ", stack[..depth].ToArray().Select(t => t.Name()));
                        throw InvalidModule.Error($"type mismatch: constant expression must produce {expected.Name()}, got {got}", ins.Offset, section);
                    }
                    return;
                case Opcode.I32Const: push = ValueType.I32; break;
                case Opcode.I64Const: push = ValueType.I64; break;
                case Opcode.F32Const: push = ValueType.F32; break;
                case Opcode.F64Const: push = ValueType.F64; break;
                case Opcode.RefNull: push = ins.RefType; break;
                case Opcode.RefFunc:
                    if (ins.Index >= context.Functions.Count)
                        throw InvalidModule.Error($"unknown function {ins.Index}", ins.Offset, section);
                    push = ValueType.FuncRef;
                    break;
                case Opcode.GlobalGet:
                    if (ins.Index >= context.Module.ImportedGlobalCount)
                        throw InvalidModule.Error($"unknown global {ins.Index}", ins.Offset, section);
                    var global = context.Globals[(int)ins.Index];
                    if (global.Mutable)
                        throw InvalidModule.Error($"constant expression required: global {ins.Index} is mutable", ins.Offset, section);
                    push = global.ValueType;
                    break;
                case Opcode.I32Add or Opcode.I32Sub or Opcode.I32Mul or Opcode.I64Add or Opcode.I64Sub or Opcode.I64Mul:
                    var type = ins.Opcode is Opcode.I32Add or Opcode.I32Sub or Opcode.I32Mul ? ValueType.I32 : ValueType.I64;
                    if (depth < 2 || stack[depth - 1] != type || stack[depth - 2] != type)
                        throw InvalidModule.Error($"type mismatch: {ins.Name} needs two {type.Name()} operands", ins.Offset, section);
                    depth -= 2;
                    push = type;
                    break;
                default:
                    throw InvalidModule.Error($"constant expression required: {ins.Name} is not a constant instruction", ins.Offset, section);
            }
            if (depth == stack.Length)
            {
                var bigger = new ValueType[stack.Length * 2];
                stack.CopyTo(bigger);
                stack = bigger;
            }
            stack[depth++] = push;
        }
    }

    /// <summary>Function indices that ref.func instructions in the expression name (for the declared-references set).</summary>
    public static void CollectReferences(ConstExpr expr, ValidationContext context)
    {
        var reader = new InstructionReader(expr.Code.Span, expr.Offset);
        while (!reader.IsAtEnd)
        {
            var ins = reader.Read();
            if (ins.Opcode == Opcode.RefFunc) context.Declare(ins.Index);
        }
    }
}
