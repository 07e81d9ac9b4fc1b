using System.Globalization;
using PluginHost.Plugins.Hosting.Wasi;
using Wasmtime;

namespace PluginHost.WasmRun;

/// <summary>`wasm run --invoke NAME`: calls an export with command-line arguments parsed by its parameter types and
/// prints each result on its own line.</summary>
public static class WasmInvoke
{
    /// <summary>Checks that <paramref name="module"/> exports function <paramref name="name"/> taking as many
    /// numbers as <paramref name="args"/> and parses them (throws <see cref="WasiCommandException"/> otherwise); the
    /// entry for <see cref="WasiCommand.Run(Plugins.Hosting.WasmEngine, Module, WasiCommandOptions, Func{Instance, int})"/>.</summary>
    public static Func<Instance, int> Prepare(Module module, string name, IReadOnlyList<string> args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(args);
        var export = module.Exports.OfType<FunctionExport>().FirstOrDefault(e => e.Name == name)
            ?? throw new WasiCommandException($"no exported function named '{name}'");
        if (args.Count != export.Parameters.Count)
            throw new WasiCommandException(
                $"'{name}' takes {export.Parameters.Count} argument(s) ({string.Join(", ", export.Parameters)}), got {args.Count}");
        var values = export.Parameters.Select((kind, i) => Parse(kind, args[i])).ToArray();
        return instance =>
        {
            var result = instance.GetFunction(name)!.Invoke(values);
            foreach (var value in Flatten(result)) output.WriteLine(Format(value));
            return 0;
        };
    }

    private static ValueBox Parse(ValueKind kind, string text)
    {
        try
        {
            return kind switch
            {
                ValueKind.Int32 => int.TryParse(text, CultureInfo.InvariantCulture, out var i) ? i : (int)uint.Parse(text, CultureInfo.InvariantCulture),
                ValueKind.Int64 => long.TryParse(text, CultureInfo.InvariantCulture, out var l) ? l : (long)ulong.Parse(text, CultureInfo.InvariantCulture),
                ValueKind.Float32 => float.Parse(text, CultureInfo.InvariantCulture),
                ValueKind.Float64 => double.Parse(text, CultureInfo.InvariantCulture),
                _ => throw new WasiCommandException($"cannot pass a {kind} argument from the command line"),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new WasiCommandException($"argument '{text}' is not a valid {kind}");
        }
    }

    private static IEnumerable<object?> Flatten(object? result) => result switch
    {
        null => [],
        object?[] many => many,
        _ => [result],
    };

    private static string Format(object? value) => value switch
    {
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "null",
    };
}
