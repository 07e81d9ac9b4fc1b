using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Validation;

/// <summary>Checks element and data segments: target table/memory, offset expressions and items.</summary>
internal static class SegmentValidator
{
    /// <summary>Validates every element segment.</summary>
    public static void ValidateElements(ModuleInfo module, ValidationContext context)
    {
        for (var i = 0; i < module.Elements.Count; i++)
        {
            var segment = module.Elements[i];
            if (segment.Mode == SegmentMode.Active)
            {
                var offset = segment.Offset!.Offset;
                if (segment.TableIndex >= context.Tables.Count)
                    throw InvalidModule.Error($"unknown table {segment.TableIndex} (element segment {i})", offset, "element");
                var table = context.Tables[(int)segment.TableIndex];
                if (table.ElementType != segment.ElementType)
                    throw InvalidModule.Error(
                        $"type mismatch: element segment {i} of {segment.ElementType.Name()} for a table of {table.ElementType.Name()}",
                        offset, "element");
                ConstExprValidator.Validate(segment.Offset, ValueType.I32, context, "element");
            }
            if (segment.FuncIndices is { } indices)
            {
                foreach (var index in indices)
                    if (index >= context.Functions.Count)
                        throw InvalidModule.Error($"unknown function {index} (element segment {i})", module.EntryOffset("element", i), "element");
            }
            else
            {
                foreach (var item in segment.Items!) ConstExprValidator.Validate(item, segment.ElementType, context, "element");
            }
        }
    }

    /// <summary>Validates every data segment.</summary>
    public static void ValidateData(ModuleInfo module, ValidationContext context)
    {
        for (var i = 0; i < module.Data.Count; i++)
        {
            var segment = module.Data[i];
            if (segment.Mode != SegmentMode.Active) continue;
            if (segment.MemoryIndex >= context.Memories.Count)
                throw InvalidModule.Error($"unknown memory {segment.MemoryIndex} (data segment {i})", module.EntryOffset("data", i), "data");
            ConstExprValidator.Validate(segment.Offset!, ValueType.I32, context, "data");
        }
    }
}
