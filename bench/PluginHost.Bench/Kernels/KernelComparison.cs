namespace PluginHost.Bench.Kernels;

/// <summary>The <c>kernels</c> command: times kernels.wasm on Wasmtime and on Node's V8 in one run and writes the side-by-side report.</summary>
public static class KernelComparison
{
    /// <summary>Runs the command; exit code 0 on success, 1 on checksum mismatch, 2 on bad input, 3 if an engine failed.</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(KernelOptions.Usage);
            return 0;
        }
        KernelOptions options;
        KernelPlan plan;
        ExpectedChecksums expected;
        try
        {
            options = KernelOptions.Parse(args, RepoRoot.Find());
            foreach (var file in options.SkipProcess ? new[] { options.WasmPath, options.ExpectedPath, options.NodeScript }
                         : [options.WasmPath, options.ExpectedPath, options.NodeScript, options.Pluginhost, options.Cli])
            {
                if (!File.Exists(file))
                    throw new ArgumentException($"file not found: {file}");
            }
            expected = ExpectedChecksums.Load(options.ExpectedPath);
            plan = KernelPlan.From(options, expected);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            Console.Error.WriteLine($"kernels: {e.Message}");
            Console.Error.WriteLine(KernelOptions.Usage);
            return 2;
        }

        string? wholeProgram = null;
        List<string> processMismatches = [];
        if (!options.SkipProcess && !options.SkipNode)
        {
            Console.Error.WriteLine("timing the kernels as whole programs (separate processes): native, `pluginhost wasm run`, node:wasi ...");
            var whole = new WholeProgramComparison(RepoRoot.Find(), options.NodeExe, options.Pluginhost, options.Cli, options.ProcessRuns, expected);
            try
            {
                wholeProgram = whole.Run();
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
            {
                Console.Error.WriteLine($"kernels: the whole-program run failed: {e.Message}");
                return 3;
            }
            processMismatches = whole.Mismatches;
        }

        Console.Error.WriteLine($"timing {plan.Kernels.Count} kernels in-process on Wasmtime, as `wasm run`, as a node step, with fuel ...");
        var ours = WasmtimeRunner.Run(plan, WasmtimeRunner.WasmRun, timeCompile: true);
        var variants = new[] { WasmtimeRunner.NodeStep, WasmtimeRunner.NodeStepFuel }.Select(v => WasmtimeRunner.Run(plan, v, timeCompile: false)).ToList();
        EngineResult? v8 = null;
        if (!options.SkipNode)
        {
            Console.Error.WriteLine("timing the same kernels on Node's V8 ...");
            v8 = NodeRunner.Run(plan, options.NodeExe, options.NodeScript);
        }

        var report = new KernelReport(plan, ours, variants, v8, expected);
        var markdown = "# Compute kernels: Wasmtime (compute limit on) vs Node's V8 vs native\n\n" +
            (wholeProgram is null ? "" : wholeProgram + "\n") + report.ToMarkdown();
        Console.WriteLine(markdown);
        Directory.CreateDirectory(Path.GetDirectoryName(options.OutPath)!);
        File.WriteAllText(options.OutPath, markdown);
        Console.Error.WriteLine($"written {options.OutPath}");

        if (report.Mismatches.Count > 0 || processMismatches.Count > 0)
            return 1;
        return ours.Error is not null || variants.Any(v => v.Error is not null) || v8?.Error is not null ? 3 : 0;
    }
}
