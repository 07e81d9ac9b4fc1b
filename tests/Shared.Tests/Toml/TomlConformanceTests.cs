using System.Text.Json.Nodes;
using PluginHost.Shared.Manifests;
using PluginHost.Tests.Common;
using static PluginHost.Tests.Common.TestRepo;

namespace PluginHost.Shared.Tests.Toml;

/// <summary>Runs every TOML 1.1 case of the shared toml-test suite (files-toml-1.1.0) through Tomlyn as ProtoToml uses it.</summary>
public sealed class TomlConformanceTests
{
    private static string SuiteDir => SharedData("toml-test", "tests");

    private static IEnumerable<string> Cases(string prefix) =>
        File.ReadLines(Path.Combine(SuiteDir, "files-toml-1.1.0"))
            .Select(l => l.Trim())
            .Where(l => l.StartsWith(prefix, StringComparison.Ordinal) && l.EndsWith(".toml", StringComparison.Ordinal));

    public static TheoryData<string> ValidCases() => new(Cases("valid/"));

    public static TheoryData<string> InvalidCases() => new(Cases("invalid/"));

    [SharedDataFact("toml-test")]
    public void The_1_1_case_list_is_complete()
    {
        Assert.Equal(220, Cases("valid/").Count());
        Assert.Equal(492, Cases("invalid/").Count());
    }

    [SharedDataTheory("toml-test")]
    [MemberData(nameof(ValidCases))]
    public void Valid_case_parses_to_the_expected_values(string relativePath)
    {
        var tomlPath = Path.Combine(SuiteDir, relativePath);
        var expected = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(tomlPath, ".json")));
        var table = ProtoToml.Parse(File.ReadAllBytes(tomlPath), relativePath);
        var actual = TaggedJson.From(table);
        var diff = TaggedJsonComparer.Difference(expected, actual);
        Assert.True(diff == null, $"{relativePath}: {diff}\nactual: {actual.ToJsonString()}");
    }

    [SharedDataTheory("toml-test")]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_case_is_rejected_with_file_line_and_column(string relativePath)
    {
        var tomlPath = Path.Combine(SuiteDir, relativePath);
        var bytes = File.ReadAllBytes(tomlPath);
        var error = Record.Exception(() => ProtoToml.Parse(bytes, relativePath));
        Assert.True(error != null, $"{relativePath} was accepted but must be rejected:\n{File.ReadAllText(tomlPath)}");
        var toml = Assert.IsType<ProtoToolsException>(error);
        Assert.Equal(relativePath, toml.FileName);
        Assert.Matches(@"^invalid TOML at line [1-9][0-9]*, column [1-9][0-9]*: \S", toml.Reason);
    }

    [SharedDataFact("toml-test")]
    public void Every_truncation_and_byte_flip_of_valid_cases_parses_or_throws_only_ProtoToolsException()
    {
        var checkedInputs = 0;
        foreach (var relativePath in Cases("valid/"))
        {
            var bytes = File.ReadAllBytes(Path.Combine(SuiteDir, relativePath));
            for (var cut = 0; cut < bytes.Length; cut += 3)
            {
                ParsesOrThrowsTomlException(bytes.AsSpan(0, cut).ToArray(), relativePath, $"truncated to {cut} bytes");
                var flipped = (byte[])bytes.Clone();
                flipped[cut] = (byte)Replacements[cut % Replacements.Length];
                ParsesOrThrowsTomlException(flipped, relativePath, $"byte {cut} replaced");
                checkedInputs += 2;
            }
        }
        Assert.True(checkedInputs > 10_000, $"only {checkedInputs} inputs were checked");
    }

    private const string Replacements = "\"'[]{}=.,#\n\r\t 0_+-:xeZ\\\u007f";

    private static void ParsesOrThrowsTomlException(byte[] input, string relativePath, string change)
    {
        try
        {
            ProtoToml.Parse(input, relativePath);
        }
        catch (ProtoToolsException e) when (e.Reason.StartsWith("invalid TOML at line ", StringComparison.Ordinal))
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"{relativePath} {change}: {e.GetType().Name}: {e.Message}");
        }
    }
}
