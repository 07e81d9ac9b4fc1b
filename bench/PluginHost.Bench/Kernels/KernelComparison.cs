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
            foreach (var file in new[] { options.WasmPath, options.ExpectedPath, options.NodeScript })
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

        Console.Error.WriteLine($"timing {plan.Kernels.Count} kernels on {WasmtimeRunner.EngineName} ...");
        var ours = WasmtimeRunner.Run(plan);
        EngineResult? v8 = null;
        if (!options.SkipNode)
        {
            Console.Error.WriteLine("timing the same kernels on Node's V8 ...");
            v8 = NodeRunner.Run(plan, options.NodeExe, options.NodeScript);
        }

        var report = new KernelReport(plan, ours, v8, expected);
        var markdown = report.ToMarkdown();
        Console.WriteLine(markdown);
        Directory.CreateDirectory(Path.GetDirectoryName(options.OutPath)!);
        File.WriteAllText(options.OutPath, markdown);
        Console.Error.WriteLine($"written {options.OutPath}");

        if (report.Mismatches.Count > 0)
            return 1;
        return ours.Error is not null || v8?.Error is not null ? 3 : 0;
    }
}
