using PluginHost.Tests.Common;

namespace PluginHost.Wasm.Tests.Decoding;

/// <summary>Reads the committed decoder fixtures under tests/Wasm.Tests/Decoding/Fixtures.</summary>
internal static class Fixture
{
    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(TestRepo.RepoRoot(), "tests", "Wasm.Tests", "Decoding", "Fixtures", name));
}
