using PluginHost.Wasm.Binary;
using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Validation;

/// <summary>Type-checks function bodies with the spec's validation algorithm (operand stack with an unknown type, control frames).</summary>
/// <remarks>One instance validates the bodies of one module in turn, reusing its stacks.</remarks>
internal sealed class FunctionValidator
{
    /// <summary>The "any type" that a polymorphic stack yields after an unconditional branch.</summary>
    private const ValueType Unknown = 0;

    private static readonly ValueType[] NoTypes = [];
    private static readonly ValueType[][] SingleTypes = BuildSingleTypes();

    private readonly ValidationContext _context;
    private ValueType[] _operands = new ValueType[64];
    private int _operandCount;
    private ControlFrame[] _frames = new ControlFrame[16];
    private int _frameCount;
    private ValueType[] _scratch = new ValueType[16];
    private ValueType[] _locals = NoTypes;
    private int _localCount;
    private int _functionIndex;
    private Instruction _current;

    /// <summary>Creates a validator for the bodies of one module.</summary>
    public FunctionValidator(ValidationContext context) => _context = context;

    /// <summary>Validates one body; throws an invalid-module error at the offending instruction.</summary>
    public void Validate(int functionIndex, FuncType type, FunctionBody body)
    {
        _functionIndex = functionIndex;
        SetLocals(type, body);
        _operandCount = 0;
        _frameCount = 0;
        PushFrame(Opcode.Block, NoTypes, type.Results);
        var reader = new InstructionReader(body.Code.Span, body.CodeOffset) { Section = "code", FunctionIndex = functionIndex };
        while (!reader.IsAtEnd)
        {
            _current = reader.Read();
            Step(ref _current);
            if (_frameCount == 0)
            {
                if (!reader.IsAtEnd) throw reader.Malformed("section size mismatch: bytes after the function's final end");
                return;
            }
        }
        throw reader.Malformed("END opcode expected");
    }

    private void SetLocals(FuncType type, FunctionBody body)
    {
        var count = type.Params.Length + (int)body.LocalCount;
        if (_locals.Length < count) _locals = new ValueType[Math.Max(count, _locals.Length * 2)];
        type.Params.CopyTo(_locals, 0);
        var at = type.Params.Length;
        foreach (var group in body.Locals)
        {
            _locals.AsSpan(at, (int)group.Count).Fill(group.Type);
            at += (int)group.Count;
        }
        _localCount = count;
    }

    private WasmModuleException Error(string reason) =>
        InvalidModule.Error(reason, _current.Offset, "code", _functionIndex);

    private static string TypeName(ValueType type) => type == Unknown ? "any" : type.Name();

    private static string TypeList(ReadOnlySpan<ValueType> types) =>
        types.Length == 0 ? "[]" : "[" + string.Join(" ", types.ToArray().Select(TypeName)) + "]";

    // ---- operand stack --------------------------------------------------------------------------------------

    private void Push(ValueType type)
    {
        if (_operandCount == _operands.Length) Array.Resize(ref _operands, _operands.Length * 2);
        _operands[_operandCount++] = type;
    }

    private void Push(ReadOnlySpan<ValueType> types)
    {
        foreach (var type in types) Push(type);
    }

    private ValueType Pop()
    {
        ref var frame = ref _frames[_frameCount - 1];
        if (_operandCount == frame.Height)
        {
            if (frame.Unreachable) return Unknown;
            throw Error($"type mismatch: {_current.Name} expects an operand but the stack is empty");
        }
        return _operands[--_operandCount];
    }

    private ValueType Pop(ValueType expected)
    {
        ref var frame = ref _frames[_frameCount - 1];
        if (_operandCount == frame.Height)
        {
            if (frame.Unreachable) return Unknown;
            throw Error($"type mismatch: {_current.Name} expects {TypeName(expected)} but the stack is empty");
        }
        var actual = _operands[--_operandCount];
        if (actual != expected && actual != Unknown && expected != Unknown)
            throw Error($"type mismatch: {_current.Name} expects {TypeName(expected)} but got {TypeName(actual)}");
        return actual;
    }

    private void Pop(ReadOnlySpan<ValueType> types)
    {
        for (var i = types.Length - 1; i >= 0; i--) Pop(types[i]);
    }

    /// <summary>Pops the types and pushes back what was actually there (br_table's per-label check).</summary>
    private void PopAndRestore(ReadOnlySpan<ValueType> types)
    {
        if (_scratch.Length < types.Length) _scratch = new ValueType[types.Length * 2];
        for (var i = types.Length - 1; i >= 0; i--) _scratch[i] = Pop(types[i]);
        Push(_scratch.AsSpan(0, types.Length));
    }

    // ---- control stack --------------------------------------------------------------------------------------

    private void PushFrame(Opcode kind, ValueType[] start, ValueType[] end)
    {
        if (_frameCount == _frames.Length) Array.Resize(ref _frames, _frames.Length * 2);
        _frames[_frameCount++] = new ControlFrame(kind, start, end, _operandCount, false);
        Push(start);
    }

    private ControlFrame PopFrame()
    {
        var frame = _frames[_frameCount - 1];
        Pop(frame.EndTypes);
        if (_operandCount != frame.Height)
            throw Error($"type mismatch: {_operandCount - frame.Height} extra value(s) left at the end of the block, expected {TypeList(frame.EndTypes)}");
        _frameCount--;
        return frame;
    }

    private void MarkUnreachable()
    {
        ref var frame = ref _frames[_frameCount - 1];
        _operandCount = frame.Height;
        frame.Unreachable = true;
    }

    private ref ControlFrame Label(uint depth)
    {
        if (depth >= _frameCount) throw Error($"unknown label {depth}");
        return ref _frames[_frameCount - 1 - (int)depth];
    }

    private (ValueType[] Start, ValueType[] End) BlockSignature(BlockType block)
    {
        if (block.TypeIndex >= 0)
        {
            if (block.TypeIndex >= _context.Module.Types.Count) throw Error($"unknown type {block.TypeIndex}");
            var type = _context.Module.Types[block.TypeIndex];
            return (type.Params, type.Results);
        }
        return (NoTypes, block.Single is { } single ? SingleTypes[(byte)single] : NoTypes);
    }

    // ---- index lookups --------------------------------------------------------------------------------------

    private ValueType Local(uint index) =>
        index < _localCount ? _locals[index] : throw Error($"unknown local {index}");

    private GlobalType Global(uint index) =>
        index < _context.Globals.Count ? _context.Globals[(int)index] : throw Error($"unknown global {index}");

    private TableType Table(uint index) =>
        index < _context.Tables.Count ? _context.Tables[(int)index] : throw Error($"unknown table {index}");

    private FuncType Function(uint index) =>
        index < _context.Functions.Count ? _context.Functions[(int)index] : throw Error($"unknown function {index}");

    private FuncType Type(uint index) =>
        index < _context.Module.Types.Count ? _context.Module.Types[(int)index] : throw Error($"unknown type {index}");

    private ElementSegment Element(uint index) =>
        index < _context.Elements.Count ? _context.Elements[(int)index] : throw Error($"unknown elem segment {index}");

    private void RequireMemory(uint index)
    {
        if (index >= _context.Memories.Count) throw Error($"unknown memory {index}");
    }

    private void RequireData(uint index)
    {
        if (index >= _context.DataCount) throw Error($"unknown data segment {index}");
    }

    // ---- instructions ---------------------------------------------------------------------------------------

    private void Step(ref Instruction ins)
    {
        var op = ins.Opcode;
        var sig = NumericSignatures.Of(op);
        if (sig.Arity != 0)
        {
            Numeric(sig);
            return;
        }
        switch (op)
        {
            case Opcode.Unreachable:
                MarkUnreachable();
                return;
            case Opcode.Nop:
                return;
            case Opcode.Block or Opcode.Loop:
            {
                var (start, end) = BlockSignature(ins.Block);
                Pop(start);
                PushFrame(op, start, end);
                return;
            }
            case Opcode.If:
            {
                var (start, end) = BlockSignature(ins.Block);
                Pop(ValueType.I32);
                Pop(start);
                PushFrame(op, start, end);
                return;
            }
            case Opcode.Else:
            {
                if (_frames[_frameCount - 1].Kind != Opcode.If) throw Error("type mismatch: else without a matching if");
                var frame = PopFrame();
                PushFrame(Opcode.Else, frame.StartTypes, frame.EndTypes);
                return;
            }
            case Opcode.End:
            {
                var frame = PopFrame();
                if (frame.Kind == Opcode.If && !frame.StartTypes.AsSpan().SequenceEqual(frame.EndTypes))
                    throw Error($"type mismatch: if without else must leave its parameters {TypeList(frame.StartTypes)} as results {TypeList(frame.EndTypes)}");
                Push(frame.EndTypes);
                return;
            }
            case Opcode.Br:
                Pop(Label(ins.Index).LabelTypes);
                MarkUnreachable();
                return;
            case Opcode.BrIf:
            {
                var types = Label(ins.Index).LabelTypes;
                Pop(ValueType.I32);
                Pop(types);
                Push(types);
                return;
            }
            case Opcode.BrTable:
                BrTable(ref ins);
                return;
            case Opcode.Return:
                Pop(_frames[0].EndTypes);
                MarkUnreachable();
                return;
            case Opcode.Call:
            {
                var type = Function(ins.Index);
                Pop(type.Params);
                Push(type.Results);
                return;
            }
            case Opcode.CallIndirect:
            {
                var table = Table(ins.Index2);
                if (table.ElementType != ValueType.FuncRef)
                    throw Error($"type mismatch: call_indirect needs a funcref table, table {ins.Index2} holds {table.ElementType.Name()}");
                var type = Type(ins.Index);
                Pop(ValueType.I32);
                Pop(type.Params);
                Push(type.Results);
                return;
            }
            case Opcode.Drop:
                Pop();
                return;
            case Opcode.Select:
                Select();
                return;
            case Opcode.SelectTyped:
                if (ins.SelectTypeCount != 1) throw Error($"invalid result arity: select lists {ins.SelectTypeCount} types, 1 expected");
                Pop(ValueType.I32);
                Pop(ins.RefType);
                Pop(ins.RefType);
                Push(ins.RefType);
                return;
            case Opcode.LocalGet:
                Push(Local(ins.Index));
                return;
            case Opcode.LocalSet:
                Pop(Local(ins.Index));
                return;
            case Opcode.LocalTee:
            {
                var type = Local(ins.Index);
                Pop(type);
                Push(type);
                return;
            }
            case Opcode.GlobalGet:
                Push(Global(ins.Index).ValueType);
                return;
            case Opcode.GlobalSet:
            {
                var global = Global(ins.Index);
                if (!global.Mutable) throw Error($"global is immutable: global.set {ins.Index}");
                Pop(global.ValueType);
                return;
            }
            case Opcode.TableGet:
                Pop(ValueType.I32);
                Push(Table(ins.Index).ElementType);
                return;
            case Opcode.TableSet:
                Pop(Table(ins.Index).ElementType);
                Pop(ValueType.I32);
                return;
            case >= Opcode.I32Load and <= Opcode.I64Store32:
                MemoryAccess(ref ins);
                return;
            case Opcode.MemorySize:
                RequireMemory(0);
                Push(ValueType.I32);
                return;
            case Opcode.MemoryGrow:
                RequireMemory(0);
                Pop(ValueType.I32);
                Push(ValueType.I32);
                return;
            case Opcode.I32Const:
                Push(ValueType.I32);
                return;
            case Opcode.I64Const:
                Push(ValueType.I64);
                return;
            case Opcode.F32Const:
                Push(ValueType.F32);
                return;
            case Opcode.F64Const:
                Push(ValueType.F64);
                return;
            case Opcode.RefNull:
                Push(ins.RefType);
                return;
            case Opcode.RefIsNull:
            {
                var type = Pop();
                if (type != Unknown && !type.IsReference())
                    throw Error($"type mismatch: ref.is_null expects a reference but got {TypeName(type)}");
                Push(ValueType.I32);
                return;
            }
            case Opcode.RefFunc:
                Function(ins.Index);
                if (!_context.DeclaredReferences[ins.Index])
                    throw Error($"undeclared function reference: function {ins.Index} must appear in an element segment, export or global initializer");
                Push(ValueType.FuncRef);
                return;
            case Opcode.PrefixFC:
                Prefixed(ref ins);
                return;
            default:
                throw Error($"illegal opcode {op.Name()}");
        }
    }

    private void Numeric(NumericSignatures.Signature sig)
    {
        if (sig.Arity == 2) Pop(sig.B);
        Pop(sig.A);
        Push(sig.Result);
    }

    private void BrTable(ref Instruction ins)
    {
        Pop(ValueType.I32);
        var defaultTypes = Label(ins.BrTableDefault).LabelTypes;
        foreach (var target in ins.BrTableTargets!)
        {
            var types = Label(target).LabelTypes;
            if (types.Length != defaultTypes.Length)
                throw Error($"type mismatch: br_table label {target} carries {TypeList(types)} but the default label carries {TypeList(defaultTypes)}");
            PopAndRestore(types);
        }
        Pop(defaultTypes);
        MarkUnreachable();
    }

    private void Select()
    {
        Pop(ValueType.I32);
        var first = Pop();
        var second = Pop();
        if (first.IsReference() || second.IsReference())
            throw Error("type mismatch: select without a type annotation needs numeric operands");
        if (first != second && first != Unknown && second != Unknown)
            throw Error($"type mismatch: select operands differ ({TypeName(second)} and {TypeName(first)})");
        Push(first == Unknown ? second : first);
    }

    private void MemoryAccess(ref Instruction ins)
    {
        RequireMemory(ins.Mem.MemoryIndex);
        var (type, maxAlign, isStore) = NumericSignatures.MemoryAccess(ins.Opcode);
        if (ins.Mem.Align > maxAlign)
            throw Error($"alignment must not be larger than natural: {ins.Name} allows at most {1u << (int)maxAlign} bytes");
        if (isStore)
        {
            Pop(type);
            Pop(ValueType.I32);
        }
        else
        {
            Pop(ValueType.I32);
            Push(type);
        }
    }

    private void Prefixed(ref Instruction ins)
    {
        switch (ins.Prefixed)
        {
            case <= PrefixedOpcode.I64TruncSatF64U:
                Numeric(NumericSignatures.OfTruncSat(ins.Prefixed));
                return;
            case PrefixedOpcode.MemoryInit:
                RequireMemory(0);
                RequireData(ins.Index);
                Pop(ValueType.I32);
                Pop(ValueType.I32);
                Pop(ValueType.I32);
                return;
            case PrefixedOpcode.DataDrop:
                RequireData(ins.Index);
                return;
            case PrefixedOpcode.MemoryCopy or PrefixedOpcode.MemoryFill:
                RequireMemory(0);
                Pop(ValueType.I32);
                Pop(ValueType.I32);
                Pop(ValueType.I32);
                return;
            case PrefixedOpcode.TableInit:
            {
                var table = Table(ins.Index2);
                var segment = Element(ins.Index);
                if (segment.ElementType != table.ElementType)
                    throw Error($"type mismatch: table.init of {segment.ElementType.Name()} segment {ins.Index} into a table of {table.ElementType.Name()}");
                Pop(ValueType.I32);
                Pop(ValueType.I32);
                Pop(ValueType.I32);
                return;
            }
            case PrefixedOpcode.ElemDrop:
                Element(ins.Index);
                return;
            case PrefixedOpcode.TableCopy:
            {
                var destination = Table(ins.Index);
                var source = Table(ins.Index2);
                if (destination.ElementType != source.ElementType)
                    throw Error($"type mismatch: table.copy from a table of {source.ElementType.Name()} to a table of {destination.ElementType.Name()}");
                Pop(ValueType.I32);
                Pop(ValueType.I32);
                Pop(ValueType.I32);
                return;
            }
            case PrefixedOpcode.TableGrow:
            {
                var table = Table(ins.Index);
                Pop(ValueType.I32);
                Pop(table.ElementType);
                Push(ValueType.I32);
                return;
            }
            case PrefixedOpcode.TableSize:
                Table(ins.Index);
                Push(ValueType.I32);
                return;
            case PrefixedOpcode.TableFill:
            {
                var table = Table(ins.Index);
                Pop(ValueType.I32);
                Pop(table.ElementType);
                Pop(ValueType.I32);
                return;
            }
            default:
                throw Error($"illegal opcode {ins.Name}");
        }
    }

    private static ValueType[][] BuildSingleTypes()
    {
        var table = new ValueType[256][];
        foreach (var type in Enum.GetValues<ValueType>()) table[(byte)type] = [type];
        return table;
    }
}
