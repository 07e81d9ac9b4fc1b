using System.Security.Cryptography;
using PluginHost.Plugins.Hosting;
using PluginHost.Plugins.Tests.TestSupport;

namespace PluginHost.Plugins.Tests.Hosting;

/// <summary>The (path, length, write time) -> sha256 index that lets a warm cache skip reading and hashing a plugin.</summary>
public sealed class SourceIndexTests
{
    private static readonly DateTime LongAgo = new(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Write(TempDir dir, byte[] bytes, DateTime? mtime = null)
    {
        var file = dir.Combine("plugin.wasm");
        File.WriteAllBytes(file, bytes);
        File.SetLastWriteTimeUtc(file, mtime ?? LongAgo);
        return file;
    }

    [Fact]
    public void An_unchanged_file_is_answered_from_the_index_without_reading_it()
    {
        using var dir = new TempDir();
        var file = Write(dir, [1, 2, 3]);
        var index = new SourceIndex(dir.Combine("index"));
        Assert.Equal((Sha([1, 2, 3]), true), Pair(index.Hash(file)));
        var (sha, bytes) = new SourceIndex(dir.Combine("index")).Hash(file);   // a new process: the entry on disk
        Assert.Equal(Sha([1, 2, 3]), sha);
        Assert.Null(bytes);
    }

    [Fact]
    public void Changed_content_of_the_same_length_with_a_new_write_time_is_hashed_again()
    {
        using var dir = new TempDir();
        var file = Write(dir, [1, 2, 3]);
        var index = new SourceIndex(dir.Combine("index"));
        index.Hash(file);
        Write(dir, [9, 9, 9], LongAgo.AddSeconds(10));
        Assert.Equal((Sha([9, 9, 9]), true), Pair(index.Hash(file)));
        Assert.Equal((Sha([9, 9, 9]), false), Pair(index.Hash(file)));
    }

    [Fact]
    public void Changed_length_with_the_same_write_time_is_hashed_again()
    {
        using var dir = new TempDir();
        var file = Write(dir, [1, 2, 3]);
        var index = new SourceIndex(dir.Combine("index"));
        index.Hash(file);
        Write(dir, [1, 2, 3, 4]);
        Assert.Equal((Sha([1, 2, 3, 4]), true), Pair(index.Hash(file)));
    }

    [Fact]
    public void A_file_written_just_now_is_not_recorded()
    {
        using var dir = new TempDir();
        var file = Write(dir, [1, 2, 3], DateTime.UtcNow);
        var index = new SourceIndex(dir.Combine("index"));
        index.Hash(file);
        Assert.Equal((Sha([1, 2, 3]), true), Pair(index.Hash(file)));   // read again: its write time may not move on the next change
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("pluginhost-source-index 1\nPATH\nSTAMP\nnot-a-sha\n")]
    [InlineData("pluginhost-source-index 1\nPATH\nSTAMP\n0000000000000000000000000000000000000000000000000000000000000000\nextra\n")]
    public void A_corrupt_entry_is_ignored_and_rewritten(string content)
    {
        using var dir = new TempDir();
        var file = Write(dir, [1, 2, 3]);
        var index = new SourceIndex(dir.Combine("index"));
        index.Hash(file);
        var entry = Assert.Single(Directory.GetFiles(dir.Combine("index")));
        var stamp = File.ReadAllLines(entry)[2];
        File.WriteAllText(entry, content.Replace("PATH", Path.GetFullPath(file)).Replace("STAMP", stamp));
        Assert.Equal((Sha([1, 2, 3]), true), Pair(index.Hash(file)));
        Assert.Equal((Sha([1, 2, 3]), false), Pair(index.Hash(file)));
    }

    [Fact]
    public void An_entry_for_another_path_is_not_used()
    {
        using var dir = new TempDir();
        var file = Write(dir, [1, 2, 3]);
        var index = new SourceIndex(dir.Combine("index"));
        index.Hash(file);
        var entry = Assert.Single(Directory.GetFiles(dir.Combine("index")));
        var lines = File.ReadAllLines(entry);
        lines[1] = "/elsewhere/plugin.wasm";
        File.WriteAllLines(entry, lines);
        Assert.True(Pair(index.Hash(file)).Read);
    }

    [Fact]
    public void An_unwritable_index_still_hashes()
    {
        using var dir = new TempDir();
        var file = Write(dir, [1, 2, 3]);
        File.WriteAllText(dir.Combine("index"), "a file where the directory should be");
        Assert.Equal((Sha([1, 2, 3]), true), Pair(new SourceIndex(dir.Combine("index")).Hash(file)));
    }

    private static (string Sha, bool Read) Pair((string Sha256, byte[]? Bytes) r) => (r.Sha256, r.Bytes is not null);
}
