using PluginHost.Wasm.Wast;
using PluginHost.Tests.Common;
using static PluginHost.Tests.Common.TestRepo;

namespace PluginHost.Wasm.Tests.Wast;

/// <summary>The official WebAssembly spec suite (core + extended-const, SIMD excluded) run through the engine.</summary>
public sealed class SpecSuiteTests
{
    private static string SpecSuite => SharedData("wasm-spec");

    /// <summary>Core files wast2json 1.0.32 cannot parse (newer folded-instruction and comment syntax);
    /// our own text parser runs them.</summary>
    public static readonly string[] Wast2JsonCannotParse =
    [
        "core/comments.wast",
        "core/if.wast",
        "core/table_fill.wast",
        "core/table_get.wast",
        "core/table_grow.wast",
        "core/table_set.wast",
        "core/table_size.wast",
    ];

    private static readonly string[] Suites = ["core", "extended-const"];

    /// <summary>Every non-SIMD script, as "suite/file.wast".</summary>
    public static TheoryData<string> RunnableFiles() => new(AllNonSimdFiles());

    /// <summary>The scripts wast2json cannot convert.</summary>
    public static TheoryData<string> Wast2JsonFailures() => new(Wast2JsonCannotParse);

    [SharedDataTheory("wasm-spec")]
    [MemberData(nameof(RunnableFiles))]
    public void SpecScriptPassesWithNothingSkipped(string file)
    {
        var result = new WastRunner().RunFile(Path.Combine(SpecSuite, file));

        Assert.True(result.Failed == 0,
            $"{file}: {result.Failed} failed, {result.Passed} passed, {result.Skipped} skipped\n{result.DescribeFailures(50)}");
        Assert.Equal(0, result.Skipped);
        Assert.True(result.Passed > 0, $"{file}: the script has no commands");
    }

    [SharedDataTheory("wasm-spec")]
    [MemberData(nameof(Wast2JsonFailures))]
    public void ScriptWast2JsonCannotParseIsReportedAsConversionErrorByThatConverter(string file)
    {
        var path = Path.Combine(SpecSuite, file);

        var result = new WastRunner(new WastRunnerOptions { Converter = WastConverterKind.Wast2Json }).RunFile(path);

        Assert.NotNull(result.ConversionError);
        Assert.StartsWith("wast2json ", result.ConversionError);
        Assert.Contains(path, result.ConversionError);
        Assert.Equal((0, 1, 0), (result.Passed, result.Failed, result.Skipped));
        Assert.Equal("convert", Assert.Single(result.Failures).Command);
    }

    [SharedDataFact("wasm-spec")]
    public void SuiteHoldsTheExpectedScripts()
    {
        var files = AllNonSimdFiles().ToList();

        Assert.True(files.Count > 70, $"only {files.Count} scripts under {SpecSuite}");
        Assert.All(Wast2JsonCannotParse, f => Assert.Contains(f, files));
    }

    private static IEnumerable<string> AllNonSimdFiles() =>
        Suites.SelectMany(suite => Directory.EnumerateFiles(Path.Combine(SpecSuite, suite), "*.wast")
                .Select(path => $"{suite}/{Path.GetFileName(path)}"))
            .Where(f => !Path.GetFileName(f).StartsWith("simd_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
}
