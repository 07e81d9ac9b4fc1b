using System.CommandLine;
using System.IO.Enumeration;
using PluginHost.Wasm.Wast;

namespace PluginHost.Nodes.Commands;

/// <summary>`pluginhost wasm wast PATH... [--skip GLOB]`: runs WebAssembly spec test scripts and reports per file.</summary>
public static class WasmWastCommand
{
    /// <summary>Failure details printed per file before the rest are summarised.</summary>
    private const int DefaultMaxFailures = 20;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = ".wast files, or folders searched recursively for .wast files",
            Arity = ArgumentArity.OneOrMore,
        };
        var skip = new Option<string[]>("--skip")
        {
            Description = "Skip files whose name matches this glob (e.g. simd_*); may be repeated",
            AllowMultipleArgumentsPerToken = false,
        };
        var maxFailures = new Option<int>("--max-failures")
        {
            Description = "Failure details shown per file",
            DefaultValueFactory = _ => DefaultMaxFailures,
        };
        var strict = new Option<bool>("--strict-messages")
        {
            Description = "Also require malformed/invalid modules to be rejected with the spec's reason",
        };
        var command = new Command("wast", "Run WebAssembly spec test scripts (.wast) against the engine") { paths, skip, maxFailures, strict };
        command.SetAction(parse => Run(
            parse.GetValue(paths) ?? [],
            parse.GetValue(skip) ?? [],
            parse.GetValue(maxFailures),
            parse.GetValue(strict),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string[] paths, string[] skipGlobs, int maxFailures, bool strictMessages, TextWriter output, TextWriter error)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path)) files.Add(path);
            else if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*.wast", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            else
            {
                error.WriteLine($"pluginhost wasm wast: path not found: {path}");
                return ExitCodes.Usage;
            }
        }
        if (files.Count == 0)
        {
            error.WriteLine($"pluginhost wasm wast: no .wast files in {string.Join(", ", paths)}");
            return ExitCodes.Usage;
        }

        WastRunner runner;
        try { runner = new WastRunner(new WastRunnerOptions { PrintOutput = output, StrictModuleErrors = strictMessages }); }
        catch (WastConverterNotFoundException e)
        {
            error.WriteLine($"pluginhost wasm wast: {e.Message}");
            return ExitCodes.Usage;
        }

        int passed = 0, failed = 0, skipped = 0;
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            if (skipGlobs.Any(glob => FileSystemName.MatchesSimpleExpression(glob, name)))
            {
                output.WriteLine($"SKIP {file} (--skip)");
                continue;
            }
            var result = runner.RunFile(file);
            passed += result.Passed;
            failed += result.Failed;
            skipped += result.Skipped;
            if (result.Success)
            {
                output.WriteLine($"PASS {file} ({result.Passed} passed, {result.Skipped} skipped)");
                continue;
            }
            output.WriteLine($"FAIL {file} ({result.Passed} passed, {result.Failed} failed, {result.Skipped} skipped)");
            foreach (var line in result.DescribeFailures(maxFailures).Split('\n')) output.WriteLine($"    {line}");
        }
        output.WriteLine($"wast: {passed} passed, {failed} failed, {skipped} skipped");
        return failed > 0 ? ExitCodes.Failed : ExitCodes.Success;
    }
}
