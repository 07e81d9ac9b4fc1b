using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PluginHost.Wasm.Compiler;

/// <summary>Memory, table and segment instructions called from compiled code; operands first, then the context, then immediates.</summary>
internal static unsafe class RuntimeOps
{
    internal static int MemoryGrow(int delta, InstanceContext ctx) => (int)ctx.Memory!.Grow((uint)delta);

    internal static void MemoryFill(int dest, int value, int count, InstanceContext ctx)
    {
        var mem = ctx.Memory!;
        if (!mem.InBounds((uint)dest, (uint)count)) throw Traps.MemoryOutOfBounds();
        NativeMemory.Fill(mem.Base + (uint)dest, (uint)count, (byte)value);
    }

    internal static void MemoryCopy(int dest, int src, int count, InstanceContext ctx)
    {
        var mem = ctx.Memory!;
        if (!mem.InBounds((uint)dest, (uint)count) || !mem.InBounds((uint)src, (uint)count)) throw Traps.MemoryOutOfBounds();
        Buffer.MemoryCopy(mem.Base + (uint)src, mem.Base + (uint)dest, (long)mem.ByteLength - (uint)dest, (uint)count);
    }

    internal static void MemoryInit(int dest, int src, int count, InstanceContext ctx, int segment)
    {
        var mem = ctx.Memory!;
        var data = ctx.Data[segment].Span;
        if ((ulong)(uint)src + (uint)count > (ulong)data.Length || !mem.InBounds((uint)dest, (uint)count)) throw Traps.MemoryOutOfBounds();
        data.Slice(src, count).CopyTo(new Span<byte>(mem.Base + (uint)dest, count));
    }

    internal static void DataDrop(InstanceContext ctx, int segment) => ctx.Data[segment] = ReadOnlyMemory<byte>.Empty;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static object? TableGet(int index, InstanceContext ctx, int table)
    {
        var elems = ctx.Tables[table].Elements;
        if ((uint)index >= (uint)elems.Length) throw Traps.TableOutOfBounds();
        return elems[index];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void TableSet(int index, object? value, InstanceContext ctx, int table)
    {
        var elems = ctx.Tables[table].Elements;
        if ((uint)index >= (uint)elems.Length) throw Traps.TableOutOfBounds();
        elems[index] = value;
    }

    internal static int TableSize(InstanceContext ctx, int table) => ctx.Tables[table].Elements.Length;

    internal static int TableGrow(object? init, int delta, InstanceContext ctx, int table) =>
        (int)ctx.Tables[table].GrowRaw((uint)delta, init);

    internal static void TableFill(int dest, object? value, int count, InstanceContext ctx, int table)
    {
        var elems = ctx.Tables[table].Elements;
        if ((ulong)(uint)dest + (uint)count > (ulong)elems.Length) throw Traps.TableOutOfBounds();
        Array.Fill(elems, value, dest, count);
    }

    internal static void TableCopy(int dest, int src, int count, InstanceContext ctx, int destTable, int srcTable)
    {
        var d = ctx.Tables[destTable].Elements;
        var s = ctx.Tables[srcTable].Elements;
        if ((ulong)(uint)dest + (uint)count > (ulong)d.Length || (ulong)(uint)src + (uint)count > (ulong)s.Length) throw Traps.TableOutOfBounds();
        Array.Copy(s, src, d, dest, count);
    }

    internal static void TableInit(int dest, int src, int count, InstanceContext ctx, int segment, int table)
    {
        var d = ctx.Tables[table].Elements;
        var s = ctx.Elems[segment];
        if ((ulong)(uint)dest + (uint)count > (ulong)d.Length || (ulong)(uint)src + (uint)count > (ulong)s.Length) throw Traps.TableOutOfBounds();
        Array.Copy(s, src, d, dest, count);
    }

    internal static void ElemDrop(InstanceContext ctx, int segment) => ctx.Elems[segment] = [];

    /// <summary>The function call_indirect calls, after the bounds, null and signature checks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Func ResolveIndirect(int index, InstanceContext ctx, int table, int sigId)
    {
        var elems = ctx.Tables[table].Elements;
        if ((uint)index >= (uint)elems.Length) throw Traps.UndefinedElement();
        var item = elems[index];
        if (item is null) throw Traps.Trap(TrapKind.IndirectCallToNull);
        var func = Unsafe.As<Func>(item);
        if (func.SigId != sigId) throw Traps.Trap(TrapKind.BadSignature);
        return func;
    }
}
