namespace PluginHost.Actors.Tests.Runs;

using PluginHost.Tests.Common;

public sealed class PostgresServerFixtureTests
{
    [Fact]
    public void MissingServerBinariesAreAClearFailureNotASkip()
    {
        var empty = Directory.CreateTempSubdirectory("pluginhost-no-pg-");
        try
        {
            var e = Assert.Throws<InvalidOperationException>(() => PostgresServerFixture.FindBinDir(null, empty.FullName));

            Assert.Contains("PostgreSQL server binaries not found", e.Message);
            Assert.Contains("apt-get install -y postgresql", e.Message);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void TheNewestInstalledVersionIsPicked()
    {
        var root = Directory.CreateTempSubdirectory("pluginhost-fake-pg-");
        try
        {
            foreach (var version in new[] { "9", "15", "13" })
            {
                var bin = Directory.CreateDirectory(Path.Combine(root.FullName, version, "bin")).FullName;
                File.WriteAllText(Path.Combine(bin, "pg_ctl"), "");
                File.WriteAllText(Path.Combine(bin, "initdb"), "");
            }

            Assert.Equal(Path.Combine(root.FullName, "15", "bin"), PostgresServerFixture.FindBinDir(null, root.FullName));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
