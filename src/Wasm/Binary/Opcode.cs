namespace PluginHost.Wasm.Binary;

/// <summary>Single-byte instruction opcodes (Wasm 2.0 without SIMD); 0xFC-prefixed ones are in <see cref="PrefixedOpcode"/>.</summary>
public enum Opcode : byte
{
    /// <summary>unreachable</summary>
    Unreachable = 0x00,
    /// <summary>nop</summary>
    Nop = 0x01,
    /// <summary>block</summary>
    Block = 0x02,
    /// <summary>loop</summary>
    Loop = 0x03,
    /// <summary>if</summary>
    If = 0x04,
    /// <summary>else</summary>
    Else = 0x05,
    /// <summary>end</summary>
    End = 0x0B,
    /// <summary>br</summary>
    Br = 0x0C,
    /// <summary>br_if</summary>
    BrIf = 0x0D,
    /// <summary>br_table</summary>
    BrTable = 0x0E,
    /// <summary>return</summary>
    Return = 0x0F,
    /// <summary>call</summary>
    Call = 0x10,
    /// <summary>call_indirect</summary>
    CallIndirect = 0x11,
    /// <summary>drop</summary>
    Drop = 0x1A,
    /// <summary>select</summary>
    Select = 0x1B,
    /// <summary>select</summary>
    SelectTyped = 0x1C,
    /// <summary>local.get</summary>
    LocalGet = 0x20,
    /// <summary>local.set</summary>
    LocalSet = 0x21,
    /// <summary>local.tee</summary>
    LocalTee = 0x22,
    /// <summary>global.get</summary>
    GlobalGet = 0x23,
    /// <summary>global.set</summary>
    GlobalSet = 0x24,
    /// <summary>table.get</summary>
    TableGet = 0x25,
    /// <summary>table.set</summary>
    TableSet = 0x26,
    /// <summary>i32.load</summary>
    I32Load = 0x28,
    /// <summary>i64.load</summary>
    I64Load = 0x29,
    /// <summary>f32.load</summary>
    F32Load = 0x2A,
    /// <summary>f64.load</summary>
    F64Load = 0x2B,
    /// <summary>i32.load8_s</summary>
    I32Load8S = 0x2C,
    /// <summary>i32.load8_u</summary>
    I32Load8U = 0x2D,
    /// <summary>i32.load16_s</summary>
    I32Load16S = 0x2E,
    /// <summary>i32.load16_u</summary>
    I32Load16U = 0x2F,
    /// <summary>i64.load8_s</summary>
    I64Load8S = 0x30,
    /// <summary>i64.load8_u</summary>
    I64Load8U = 0x31,
    /// <summary>i64.load16_s</summary>
    I64Load16S = 0x32,
    /// <summary>i64.load16_u</summary>
    I64Load16U = 0x33,
    /// <summary>i64.load32_s</summary>
    I64Load32S = 0x34,
    /// <summary>i64.load32_u</summary>
    I64Load32U = 0x35,
    /// <summary>i32.store</summary>
    I32Store = 0x36,
    /// <summary>i64.store</summary>
    I64Store = 0x37,
    /// <summary>f32.store</summary>
    F32Store = 0x38,
    /// <summary>f64.store</summary>
    F64Store = 0x39,
    /// <summary>i32.store8</summary>
    I32Store8 = 0x3A,
    /// <summary>i32.store16</summary>
    I32Store16 = 0x3B,
    /// <summary>i64.store8</summary>
    I64Store8 = 0x3C,
    /// <summary>i64.store16</summary>
    I64Store16 = 0x3D,
    /// <summary>i64.store32</summary>
    I64Store32 = 0x3E,
    /// <summary>memory.size</summary>
    MemorySize = 0x3F,
    /// <summary>memory.grow</summary>
    MemoryGrow = 0x40,
    /// <summary>i32.const</summary>
    I32Const = 0x41,
    /// <summary>i64.const</summary>
    I64Const = 0x42,
    /// <summary>f32.const</summary>
    F32Const = 0x43,
    /// <summary>f64.const</summary>
    F64Const = 0x44,
    /// <summary>i32.eqz</summary>
    I32Eqz = 0x45,
    /// <summary>i32.eq</summary>
    I32Eq = 0x46,
    /// <summary>i32.ne</summary>
    I32Ne = 0x47,
    /// <summary>i32.lt_s</summary>
    I32LtS = 0x48,
    /// <summary>i32.lt_u</summary>
    I32LtU = 0x49,
    /// <summary>i32.gt_s</summary>
    I32GtS = 0x4A,
    /// <summary>i32.gt_u</summary>
    I32GtU = 0x4B,
    /// <summary>i32.le_s</summary>
    I32LeS = 0x4C,
    /// <summary>i32.le_u</summary>
    I32LeU = 0x4D,
    /// <summary>i32.ge_s</summary>
    I32GeS = 0x4E,
    /// <summary>i32.ge_u</summary>
    I32GeU = 0x4F,
    /// <summary>i64.eqz</summary>
    I64Eqz = 0x50,
    /// <summary>i64.eq</summary>
    I64Eq = 0x51,
    /// <summary>i64.ne</summary>
    I64Ne = 0x52,
    /// <summary>i64.lt_s</summary>
    I64LtS = 0x53,
    /// <summary>i64.lt_u</summary>
    I64LtU = 0x54,
    /// <summary>i64.gt_s</summary>
    I64GtS = 0x55,
    /// <summary>i64.gt_u</summary>
    I64GtU = 0x56,
    /// <summary>i64.le_s</summary>
    I64LeS = 0x57,
    /// <summary>i64.le_u</summary>
    I64LeU = 0x58,
    /// <summary>i64.ge_s</summary>
    I64GeS = 0x59,
    /// <summary>i64.ge_u</summary>
    I64GeU = 0x5A,
    /// <summary>f32.eq</summary>
    F32Eq = 0x5B,
    /// <summary>f32.ne</summary>
    F32Ne = 0x5C,
    /// <summary>f32.lt</summary>
    F32Lt = 0x5D,
    /// <summary>f32.gt</summary>
    F32Gt = 0x5E,
    /// <summary>f32.le</summary>
    F32Le = 0x5F,
    /// <summary>f32.ge</summary>
    F32Ge = 0x60,
    /// <summary>f64.eq</summary>
    F64Eq = 0x61,
    /// <summary>f64.ne</summary>
    F64Ne = 0x62,
    /// <summary>f64.lt</summary>
    F64Lt = 0x63,
    /// <summary>f64.gt</summary>
    F64Gt = 0x64,
    /// <summary>f64.le</summary>
    F64Le = 0x65,
    /// <summary>f64.ge</summary>
    F64Ge = 0x66,
    /// <summary>i32.clz</summary>
    I32Clz = 0x67,
    /// <summary>i32.ctz</summary>
    I32Ctz = 0x68,
    /// <summary>i32.popcnt</summary>
    I32Popcnt = 0x69,
    /// <summary>i32.add</summary>
    I32Add = 0x6A,
    /// <summary>i32.sub</summary>
    I32Sub = 0x6B,
    /// <summary>i32.mul</summary>
    I32Mul = 0x6C,
    /// <summary>i32.div_s</summary>
    I32DivS = 0x6D,
    /// <summary>i32.div_u</summary>
    I32DivU = 0x6E,
    /// <summary>i32.rem_s</summary>
    I32RemS = 0x6F,
    /// <summary>i32.rem_u</summary>
    I32RemU = 0x70,
    /// <summary>i32.and</summary>
    I32And = 0x71,
    /// <summary>i32.or</summary>
    I32Or = 0x72,
    /// <summary>i32.xor</summary>
    I32Xor = 0x73,
    /// <summary>i32.shl</summary>
    I32Shl = 0x74,
    /// <summary>i32.shr_s</summary>
    I32ShrS = 0x75,
    /// <summary>i32.shr_u</summary>
    I32ShrU = 0x76,
    /// <summary>i32.rotl</summary>
    I32Rotl = 0x77,
    /// <summary>i32.rotr</summary>
    I32Rotr = 0x78,
    /// <summary>i64.clz</summary>
    I64Clz = 0x79,
    /// <summary>i64.ctz</summary>
    I64Ctz = 0x7A,
    /// <summary>i64.popcnt</summary>
    I64Popcnt = 0x7B,
    /// <summary>i64.add</summary>
    I64Add = 0x7C,
    /// <summary>i64.sub</summary>
    I64Sub = 0x7D,
    /// <summary>i64.mul</summary>
    I64Mul = 0x7E,
    /// <summary>i64.div_s</summary>
    I64DivS = 0x7F,
    /// <summary>i64.div_u</summary>
    I64DivU = 0x80,
    /// <summary>i64.rem_s</summary>
    I64RemS = 0x81,
    /// <summary>i64.rem_u</summary>
    I64RemU = 0x82,
    /// <summary>i64.and</summary>
    I64And = 0x83,
    /// <summary>i64.or</summary>
    I64Or = 0x84,
    /// <summary>i64.xor</summary>
    I64Xor = 0x85,
    /// <summary>i64.shl</summary>
    I64Shl = 0x86,
    /// <summary>i64.shr_s</summary>
    I64ShrS = 0x87,
    /// <summary>i64.shr_u</summary>
    I64ShrU = 0x88,
    /// <summary>i64.rotl</summary>
    I64Rotl = 0x89,
    /// <summary>i64.rotr</summary>
    I64Rotr = 0x8A,
    /// <summary>f32.abs</summary>
    F32Abs = 0x8B,
    /// <summary>f32.neg</summary>
    F32Neg = 0x8C,
    /// <summary>f32.ceil</summary>
    F32Ceil = 0x8D,
    /// <summary>f32.floor</summary>
    F32Floor = 0x8E,
    /// <summary>f32.trunc</summary>
    F32Trunc = 0x8F,
    /// <summary>f32.nearest</summary>
    F32Nearest = 0x90,
    /// <summary>f32.sqrt</summary>
    F32Sqrt = 0x91,
    /// <summary>f32.add</summary>
    F32Add = 0x92,
    /// <summary>f32.sub</summary>
    F32Sub = 0x93,
    /// <summary>f32.mul</summary>
    F32Mul = 0x94,
    /// <summary>f32.div</summary>
    F32Div = 0x95,
    /// <summary>f32.min</summary>
    F32Min = 0x96,
    /// <summary>f32.max</summary>
    F32Max = 0x97,
    /// <summary>f32.copysign</summary>
    F32Copysign = 0x98,
    /// <summary>f64.abs</summary>
    F64Abs = 0x99,
    /// <summary>f64.neg</summary>
    F64Neg = 0x9A,
    /// <summary>f64.ceil</summary>
    F64Ceil = 0x9B,
    /// <summary>f64.floor</summary>
    F64Floor = 0x9C,
    /// <summary>f64.trunc</summary>
    F64Trunc = 0x9D,
    /// <summary>f64.nearest</summary>
    F64Nearest = 0x9E,
    /// <summary>f64.sqrt</summary>
    F64Sqrt = 0x9F,
    /// <summary>f64.add</summary>
    F64Add = 0xA0,
    /// <summary>f64.sub</summary>
    F64Sub = 0xA1,
    /// <summary>f64.mul</summary>
    F64Mul = 0xA2,
    /// <summary>f64.div</summary>
    F64Div = 0xA3,
    /// <summary>f64.min</summary>
    F64Min = 0xA4,
    /// <summary>f64.max</summary>
    F64Max = 0xA5,
    /// <summary>f64.copysign</summary>
    F64Copysign = 0xA6,
    /// <summary>i32.wrap_i64</summary>
    I32WrapI64 = 0xA7,
    /// <summary>i32.trunc_f32_s</summary>
    I32TruncF32S = 0xA8,
    /// <summary>i32.trunc_f32_u</summary>
    I32TruncF32U = 0xA9,
    /// <summary>i32.trunc_f64_s</summary>
    I32TruncF64S = 0xAA,
    /// <summary>i32.trunc_f64_u</summary>
    I32TruncF64U = 0xAB,
    /// <summary>i64.extend_i32_s</summary>
    I64ExtendI32S = 0xAC,
    /// <summary>i64.extend_i32_u</summary>
    I64ExtendI32U = 0xAD,
    /// <summary>i64.trunc_f32_s</summary>
    I64TruncF32S = 0xAE,
    /// <summary>i64.trunc_f32_u</summary>
    I64TruncF32U = 0xAF,
    /// <summary>i64.trunc_f64_s</summary>
    I64TruncF64S = 0xB0,
    /// <summary>i64.trunc_f64_u</summary>
    I64TruncF64U = 0xB1,
    /// <summary>f32.convert_i32_s</summary>
    F32ConvertI32S = 0xB2,
    /// <summary>f32.convert_i32_u</summary>
    F32ConvertI32U = 0xB3,
    /// <summary>f32.convert_i64_s</summary>
    F32ConvertI64S = 0xB4,
    /// <summary>f32.convert_i64_u</summary>
    F32ConvertI64U = 0xB5,
    /// <summary>f32.demote_f64</summary>
    F32DemoteF64 = 0xB6,
    /// <summary>f64.convert_i32_s</summary>
    F64ConvertI32S = 0xB7,
    /// <summary>f64.convert_i32_u</summary>
    F64ConvertI32U = 0xB8,
    /// <summary>f64.convert_i64_s</summary>
    F64ConvertI64S = 0xB9,
    /// <summary>f64.convert_i64_u</summary>
    F64ConvertI64U = 0xBA,
    /// <summary>f64.promote_f32</summary>
    F64PromoteF32 = 0xBB,
    /// <summary>i32.reinterpret_f32</summary>
    I32ReinterpretF32 = 0xBC,
    /// <summary>i64.reinterpret_f64</summary>
    I64ReinterpretF64 = 0xBD,
    /// <summary>f32.reinterpret_i32</summary>
    F32ReinterpretI32 = 0xBE,
    /// <summary>f64.reinterpret_i64</summary>
    F64ReinterpretI64 = 0xBF,
    /// <summary>i32.extend8_s</summary>
    I32Extend8S = 0xC0,
    /// <summary>i32.extend16_s</summary>
    I32Extend16S = 0xC1,
    /// <summary>i64.extend8_s</summary>
    I64Extend8S = 0xC2,
    /// <summary>i64.extend16_s</summary>
    I64Extend16S = 0xC3,
    /// <summary>i64.extend32_s</summary>
    I64Extend32S = 0xC4,
    /// <summary>ref.null</summary>
    RefNull = 0xD0,
    /// <summary>ref.is_null</summary>
    RefIsNull = 0xD1,
    /// <summary>ref.func</summary>
    RefFunc = 0xD2,
    /// <summary>Prefix of the 0xFC instructions (saturating truncation, bulk memory, tables).</summary>
    PrefixFC = 0xFC,
    /// <summary>Prefix of the SIMD instructions (not supported).</summary>
    PrefixFD = 0xFD,
}

/// <summary>0xFC-prefixed instruction opcodes (the LEB-encoded u32 after the prefix).</summary>
public enum PrefixedOpcode : uint
{
    /// <summary>i32.trunc_sat_f32_s</summary>
    I32TruncSatF32S = 0,
    /// <summary>i32.trunc_sat_f32_u</summary>
    I32TruncSatF32U = 1,
    /// <summary>i32.trunc_sat_f64_s</summary>
    I32TruncSatF64S = 2,
    /// <summary>i32.trunc_sat_f64_u</summary>
    I32TruncSatF64U = 3,
    /// <summary>i64.trunc_sat_f32_s</summary>
    I64TruncSatF32S = 4,
    /// <summary>i64.trunc_sat_f32_u</summary>
    I64TruncSatF32U = 5,
    /// <summary>i64.trunc_sat_f64_s</summary>
    I64TruncSatF64S = 6,
    /// <summary>i64.trunc_sat_f64_u</summary>
    I64TruncSatF64U = 7,
    /// <summary>memory.init</summary>
    MemoryInit = 8,
    /// <summary>data.drop</summary>
    DataDrop = 9,
    /// <summary>memory.copy</summary>
    MemoryCopy = 10,
    /// <summary>memory.fill</summary>
    MemoryFill = 11,
    /// <summary>table.init</summary>
    TableInit = 12,
    /// <summary>elem.drop</summary>
    ElemDrop = 13,
    /// <summary>table.copy</summary>
    TableCopy = 14,
    /// <summary>table.grow</summary>
    TableGrow = 15,
    /// <summary>table.size</summary>
    TableSize = 16,
    /// <summary>table.fill</summary>
    TableFill = 17,
}

/// <summary>Text-format names of opcodes, for error messages.</summary>
public static class OpcodeNames
{
    /// <summary>The text-format name of a single-byte opcode.</summary>
    public static string Name(this Opcode op) => op switch
    {
        Opcode.Unreachable => "unreachable",
        Opcode.Nop => "nop",
        Opcode.Block => "block",
        Opcode.Loop => "loop",
        Opcode.If => "if",
        Opcode.Else => "else",
        Opcode.End => "end",
        Opcode.Br => "br",
        Opcode.BrIf => "br_if",
        Opcode.BrTable => "br_table",
        Opcode.Return => "return",
        Opcode.Call => "call",
        Opcode.CallIndirect => "call_indirect",
        Opcode.Drop => "drop",
        Opcode.Select => "select",
        Opcode.SelectTyped => "select",
        Opcode.LocalGet => "local.get",
        Opcode.LocalSet => "local.set",
        Opcode.LocalTee => "local.tee",
        Opcode.GlobalGet => "global.get",
        Opcode.GlobalSet => "global.set",
        Opcode.TableGet => "table.get",
        Opcode.TableSet => "table.set",
        Opcode.I32Load => "i32.load",
        Opcode.I64Load => "i64.load",
        Opcode.F32Load => "f32.load",
        Opcode.F64Load => "f64.load",
        Opcode.I32Load8S => "i32.load8_s",
        Opcode.I32Load8U => "i32.load8_u",
        Opcode.I32Load16S => "i32.load16_s",
        Opcode.I32Load16U => "i32.load16_u",
        Opcode.I64Load8S => "i64.load8_s",
        Opcode.I64Load8U => "i64.load8_u",
        Opcode.I64Load16S => "i64.load16_s",
        Opcode.I64Load16U => "i64.load16_u",
        Opcode.I64Load32S => "i64.load32_s",
        Opcode.I64Load32U => "i64.load32_u",
        Opcode.I32Store => "i32.store",
        Opcode.I64Store => "i64.store",
        Opcode.F32Store => "f32.store",
        Opcode.F64Store => "f64.store",
        Opcode.I32Store8 => "i32.store8",
        Opcode.I32Store16 => "i32.store16",
        Opcode.I64Store8 => "i64.store8",
        Opcode.I64Store16 => "i64.store16",
        Opcode.I64Store32 => "i64.store32",
        Opcode.MemorySize => "memory.size",
        Opcode.MemoryGrow => "memory.grow",
        Opcode.I32Const => "i32.const",
        Opcode.I64Const => "i64.const",
        Opcode.F32Const => "f32.const",
        Opcode.F64Const => "f64.const",
        Opcode.I32Eqz => "i32.eqz",
        Opcode.I32Eq => "i32.eq",
        Opcode.I32Ne => "i32.ne",
        Opcode.I32LtS => "i32.lt_s",
        Opcode.I32LtU => "i32.lt_u",
        Opcode.I32GtS => "i32.gt_s",
        Opcode.I32GtU => "i32.gt_u",
        Opcode.I32LeS => "i32.le_s",
        Opcode.I32LeU => "i32.le_u",
        Opcode.I32GeS => "i32.ge_s",
        Opcode.I32GeU => "i32.ge_u",
        Opcode.I64Eqz => "i64.eqz",
        Opcode.I64Eq => "i64.eq",
        Opcode.I64Ne => "i64.ne",
        Opcode.I64LtS => "i64.lt_s",
        Opcode.I64LtU => "i64.lt_u",
        Opcode.I64GtS => "i64.gt_s",
        Opcode.I64GtU => "i64.gt_u",
        Opcode.I64LeS => "i64.le_s",
        Opcode.I64LeU => "i64.le_u",
        Opcode.I64GeS => "i64.ge_s",
        Opcode.I64GeU => "i64.ge_u",
        Opcode.F32Eq => "f32.eq",
        Opcode.F32Ne => "f32.ne",
        Opcode.F32Lt => "f32.lt",
        Opcode.F32Gt => "f32.gt",
        Opcode.F32Le => "f32.le",
        Opcode.F32Ge => "f32.ge",
        Opcode.F64Eq => "f64.eq",
        Opcode.F64Ne => "f64.ne",
        Opcode.F64Lt => "f64.lt",
        Opcode.F64Gt => "f64.gt",
        Opcode.F64Le => "f64.le",
        Opcode.F64Ge => "f64.ge",
        Opcode.I32Clz => "i32.clz",
        Opcode.I32Ctz => "i32.ctz",
        Opcode.I32Popcnt => "i32.popcnt",
        Opcode.I32Add => "i32.add",
        Opcode.I32Sub => "i32.sub",
        Opcode.I32Mul => "i32.mul",
        Opcode.I32DivS => "i32.div_s",
        Opcode.I32DivU => "i32.div_u",
        Opcode.I32RemS => "i32.rem_s",
        Opcode.I32RemU => "i32.rem_u",
        Opcode.I32And => "i32.and",
        Opcode.I32Or => "i32.or",
        Opcode.I32Xor => "i32.xor",
        Opcode.I32Shl => "i32.shl",
        Opcode.I32ShrS => "i32.shr_s",
        Opcode.I32ShrU => "i32.shr_u",
        Opcode.I32Rotl => "i32.rotl",
        Opcode.I32Rotr => "i32.rotr",
        Opcode.I64Clz => "i64.clz",
        Opcode.I64Ctz => "i64.ctz",
        Opcode.I64Popcnt => "i64.popcnt",
        Opcode.I64Add => "i64.add",
        Opcode.I64Sub => "i64.sub",
        Opcode.I64Mul => "i64.mul",
        Opcode.I64DivS => "i64.div_s",
        Opcode.I64DivU => "i64.div_u",
        Opcode.I64RemS => "i64.rem_s",
        Opcode.I64RemU => "i64.rem_u",
        Opcode.I64And => "i64.and",
        Opcode.I64Or => "i64.or",
        Opcode.I64Xor => "i64.xor",
        Opcode.I64Shl => "i64.shl",
        Opcode.I64ShrS => "i64.shr_s",
        Opcode.I64ShrU => "i64.shr_u",
        Opcode.I64Rotl => "i64.rotl",
        Opcode.I64Rotr => "i64.rotr",
        Opcode.F32Abs => "f32.abs",
        Opcode.F32Neg => "f32.neg",
        Opcode.F32Ceil => "f32.ceil",
        Opcode.F32Floor => "f32.floor",
        Opcode.F32Trunc => "f32.trunc",
        Opcode.F32Nearest => "f32.nearest",
        Opcode.F32Sqrt => "f32.sqrt",
        Opcode.F32Add => "f32.add",
        Opcode.F32Sub => "f32.sub",
        Opcode.F32Mul => "f32.mul",
        Opcode.F32Div => "f32.div",
        Opcode.F32Min => "f32.min",
        Opcode.F32Max => "f32.max",
        Opcode.F32Copysign => "f32.copysign",
        Opcode.F64Abs => "f64.abs",
        Opcode.F64Neg => "f64.neg",
        Opcode.F64Ceil => "f64.ceil",
        Opcode.F64Floor => "f64.floor",
        Opcode.F64Trunc => "f64.trunc",
        Opcode.F64Nearest => "f64.nearest",
        Opcode.F64Sqrt => "f64.sqrt",
        Opcode.F64Add => "f64.add",
        Opcode.F64Sub => "f64.sub",
        Opcode.F64Mul => "f64.mul",
        Opcode.F64Div => "f64.div",
        Opcode.F64Min => "f64.min",
        Opcode.F64Max => "f64.max",
        Opcode.F64Copysign => "f64.copysign",
        Opcode.I32WrapI64 => "i32.wrap_i64",
        Opcode.I32TruncF32S => "i32.trunc_f32_s",
        Opcode.I32TruncF32U => "i32.trunc_f32_u",
        Opcode.I32TruncF64S => "i32.trunc_f64_s",
        Opcode.I32TruncF64U => "i32.trunc_f64_u",
        Opcode.I64ExtendI32S => "i64.extend_i32_s",
        Opcode.I64ExtendI32U => "i64.extend_i32_u",
        Opcode.I64TruncF32S => "i64.trunc_f32_s",
        Opcode.I64TruncF32U => "i64.trunc_f32_u",
        Opcode.I64TruncF64S => "i64.trunc_f64_s",
        Opcode.I64TruncF64U => "i64.trunc_f64_u",
        Opcode.F32ConvertI32S => "f32.convert_i32_s",
        Opcode.F32ConvertI32U => "f32.convert_i32_u",
        Opcode.F32ConvertI64S => "f32.convert_i64_s",
        Opcode.F32ConvertI64U => "f32.convert_i64_u",
        Opcode.F32DemoteF64 => "f32.demote_f64",
        Opcode.F64ConvertI32S => "f64.convert_i32_s",
        Opcode.F64ConvertI32U => "f64.convert_i32_u",
        Opcode.F64ConvertI64S => "f64.convert_i64_s",
        Opcode.F64ConvertI64U => "f64.convert_i64_u",
        Opcode.F64PromoteF32 => "f64.promote_f32",
        Opcode.I32ReinterpretF32 => "i32.reinterpret_f32",
        Opcode.I64ReinterpretF64 => "i64.reinterpret_f64",
        Opcode.F32ReinterpretI32 => "f32.reinterpret_i32",
        Opcode.F64ReinterpretI64 => "f64.reinterpret_i64",
        Opcode.I32Extend8S => "i32.extend8_s",
        Opcode.I32Extend16S => "i32.extend16_s",
        Opcode.I64Extend8S => "i64.extend8_s",
        Opcode.I64Extend16S => "i64.extend16_s",
        Opcode.I64Extend32S => "i64.extend32_s",
        Opcode.RefNull => "ref.null",
        Opcode.RefIsNull => "ref.is_null",
        Opcode.RefFunc => "ref.func",
        _ => $"0x{(byte)op:x2}",
    };

    /// <summary>The text-format name of a 0xFC-prefixed opcode.</summary>
    public static string Name(this PrefixedOpcode op) => op switch
    {
        PrefixedOpcode.I32TruncSatF32S => "i32.trunc_sat_f32_s",
        PrefixedOpcode.I32TruncSatF32U => "i32.trunc_sat_f32_u",
        PrefixedOpcode.I32TruncSatF64S => "i32.trunc_sat_f64_s",
        PrefixedOpcode.I32TruncSatF64U => "i32.trunc_sat_f64_u",
        PrefixedOpcode.I64TruncSatF32S => "i64.trunc_sat_f32_s",
        PrefixedOpcode.I64TruncSatF32U => "i64.trunc_sat_f32_u",
        PrefixedOpcode.I64TruncSatF64S => "i64.trunc_sat_f64_s",
        PrefixedOpcode.I64TruncSatF64U => "i64.trunc_sat_f64_u",
        PrefixedOpcode.MemoryInit => "memory.init",
        PrefixedOpcode.DataDrop => "data.drop",
        PrefixedOpcode.MemoryCopy => "memory.copy",
        PrefixedOpcode.MemoryFill => "memory.fill",
        PrefixedOpcode.TableInit => "table.init",
        PrefixedOpcode.ElemDrop => "elem.drop",
        PrefixedOpcode.TableCopy => "table.copy",
        PrefixedOpcode.TableGrow => "table.grow",
        PrefixedOpcode.TableSize => "table.size",
        PrefixedOpcode.TableFill => "table.fill",
        _ => $"0xfc {(uint)op}",
    };
}
