using PluginHost.Plugins.Checksums.Crypto;

namespace PluginHost.Plugins.Tests.Checksums;

public sealed class Blake2bTests
{
    [Fact]
    public void Rfc7693AppendixAAbc()
    {
        byte[] digest = Blake2b.Hash("abc"u8);
        Assert.Equal(
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
            Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void EmptyInput()
    {
        Assert.Equal(
            "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce",
            Convert.ToHexStringLower(Blake2b.Hash([])));
    }

    // Reference KAT (blake2b-kat.txt): key = 00..3f, input = 00..(n-1).
    [Theory]
    [InlineData(0, "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568")]
    [InlineData(255, "142709d62e28fcccd0af97fad0f8465b971e82201dc51070faa0372aa43e92484be1c1e73ba10906d5d1853db6a4106e0a7bf9800d373d6dee2d46d62ef2a461")]
    public void KeyedKnownAnswers(int length, string expected)
    {
        byte[] key = Enumerable.Range(0, 64).Select(i => (byte)i).ToArray();
        byte[] input = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        Assert.Equal(expected, Convert.ToHexStringLower(Blake2b.Hash(input, 64, key)));
    }

    // Expected values from Python's hashlib.blake2b (an independent implementation); lengths straddle block edges.
    [Theory]
    [InlineData(1, "4fe4da61bcc756071b226843361d74944c72245d23e8245ea678c13fdcd7fe2ae529cf999ad99cc24f7a73416a18ba53e76c0afef83b16a568b12fbfc1a2674d")]
    [InlineData(127, "71546bbf9110ad184cc60f2eb120fcfd9b4dbbca7a7f1270045b8a23a6a4f4330f65c1f030dd2f5fabc6c57617242c37cf427bd90407fac5b9deffd3ae888c39")]
    [InlineData(128, "2d9e329f42afa3601d646692b81c13e87fcaff5bf15972e9813d7373cb6d181f9599f4d513d4af4fd6ebd37497aceb29aba5ee23ed764d8510b552bd088814fb")]
    [InlineData(129, "47889df9eb4d717afc5019df5c6a83df00a0b8677395e078cd5778ace0f338a618e68b7d9afb065d9e6a01ccd31d109447e7fae771c3ee3e105709194122ba2b")]
    [InlineData(255, "1a5199ac66a00e8a87ad1c7fbad30b33137dd8312bf6d98602dacf8f40ea2cb623a7fbc63e5a6bfa434d337ae7da5ca1a52502a215a3fe0297a151be85d88789")]
    [InlineData(256, "91019c558584980249ca43eceed27e19f1c3c24161b93eed1eee2a6a774f60bf8a81b43750870bee1698feac9c5336ae4d5c842e7ead159bf3916387e8ded9ae")]
    [InlineData(1000, "4bdd2c9cf31d797a81d245c989ffb7515143ca345c66f73087dd5c58bf642bf083ba16894eab79e3b08d5126404d833e7510271b50be36a7b7cbbb46f5c89fac")]
    public void IncrementalUpdatesMatchOneShot(int length, string expected)
    {
        byte[] data = Enumerable.Range(0, length).Select(i => (byte)((i * 7) + 3)).ToArray();
        Assert.Equal(expected, Convert.ToHexStringLower(Blake2b.Hash(data)));

        foreach (int chunk in new[] { 1, 3, 64, 128, 200 })
        {
            var hash = new Blake2b();
            for (int offset = 0; offset < data.Length; offset += chunk)
            {
                hash.Update(data.AsSpan(offset, Math.Min(chunk, data.Length - offset)));
            }

            Assert.Equal(expected, Convert.ToHexStringLower(hash.Finish()));
        }
    }

    [Fact]
    public void ShorterDigestLength()
    {
        Assert.Equal("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319", Convert.ToHexStringLower(Blake2b.Hash("abc"u8, 32)));
    }
}
