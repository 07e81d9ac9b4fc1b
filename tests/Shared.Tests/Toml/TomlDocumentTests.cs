using System.Text;
using PluginHost.Shared.Toml;

namespace PluginHost.Shared.Tests.Toml;

/// <summary>The public API shape beyond the conformance suite: value types, order, precision, error locations.</summary>
public sealed class TomlDocumentTests
{
    [Fact]
    public void Keys_keep_document_order_and_values_have_their_CLR_types()
    {
        var table = TomlDocument.Parse("""
            zeta = "s"
            alpha = 42
            mid = 1.5
            flag = true
            when = 1979-05-27T07:32:00-07:00
            local = 1979-05-27T07:32:00
            day = 1979-05-27
            time = 07:32:00
            list = [1, "two", [3]]
            [sub]
            x = 1
            """);
        Assert.Equal(["zeta", "alpha", "mid", "flag", "when", "local", "day", "time", "list", "sub"], table.Keys);
        Assert.Equal("s", table["zeta"]);
        Assert.Equal(42L, table["alpha"]);
        Assert.Equal(1.5, table["mid"]);
        Assert.Equal(true, table["flag"]);
        Assert.Equal(new TomlOffsetDateTime(new(1979, 5, 27), new(7, 32, 0, 0), -420), table["when"]);
        Assert.Equal(new TomlLocalDateTime(new(1979, 5, 27), new(7, 32, 0, 0)), table["local"]);
        Assert.Equal(new TomlLocalDate(1979, 5, 27), table["day"]);
        Assert.Equal(new TomlLocalTime(7, 32, 0, 0), table["time"]);
        var list = Assert.IsType<TomlArray>(table["list"]);
        Assert.False(list.IsArrayOfTables);
        Assert.Equal(1L, list[0]);
        Assert.Equal("two", list[1]);
        Assert.Equal(3L, Assert.IsType<TomlArray>(list[2])[0]);
        Assert.Equal(1L, Assert.IsType<TomlTable>(table["sub"])["x"]);
    }

    [Fact]
    public void Fractional_seconds_keep_nanoseconds_and_truncate_beyond()
    {
        var table = TomlDocument.Parse("a = 1979-05-27T00:32:00.123456789999Z\nb = 00:00:01.5");
        var a = Assert.IsType<TomlOffsetDateTime>(table["a"]);
        Assert.Equal(123_456_789, a.Time.Nanosecond);
        Assert.Equal("1979-05-27T00:32:00.123456789Z", a.ToString());
        Assert.Equal(new DateTimeOffset(1979, 5, 27, 0, 32, 0, TimeSpan.Zero).AddTicks(1_234_567), a.ToDateTimeOffset());
        Assert.Equal("00:00:01.5", table["b"].ToString());
    }

    [Fact]
    public void Special_floats_and_integer_limits_are_read()
    {
        var table = TomlDocument.Parse("a = -inf\nb = nan\nc = -9223372036854775808\nd = 0x7FFF_FFFF_FFFF_FFFF\ne = 1e1_0");
        Assert.Equal(double.NegativeInfinity, table["a"]);
        Assert.True(double.IsNaN((double)table["b"]));
        Assert.Equal(long.MinValue, table["c"]);
        Assert.Equal(long.MaxValue, table["d"]);
        Assert.Equal(1e10, table["e"]);
    }

    [Fact]
    public void Error_names_file_line_column_and_what_was_expected()
    {
        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse("a = 1\r\n[t]\r\nb = 1 2\r\n", "conf.toml"));
        Assert.Equal("conf.toml", error.FileName);
        Assert.Equal(3, error.Line);
        Assert.Equal(7, error.Column);
        Assert.StartsWith("conf.toml:3:7: expected a newline or end of file", error.Message);
    }

    [Fact]
    public void Integer_overflow_is_reported_with_the_range()
    {
        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse("big = 9223372036854775808"));
        Assert.Contains("does not fit in 64 bits", error.Reason);
        Assert.Equal((1, 7), (error.Line, error.Column));
    }

    [Fact]
    public void Redefining_a_table_points_at_the_second_header()
    {
        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse("[a]\nx = 1\n\n[a]\n", "dup.toml"));
        Assert.Equal("dup.toml:4:1: the table [a] is defined twice", error.Message);
    }

    [Fact]
    public void Unpaired_surrogate_in_a_string_is_rejected()
    {
        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse("a = \"x\uD800\""));
        Assert.Contains("unpaired surrogate", error.Reason);
    }

    [Fact]
    public async Task Loading_a_file_with_invalid_UTF8_names_the_path_and_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"toml-{Guid.NewGuid():N}.toml");
        await File.WriteAllBytesAsync(path, [.. Encoding.UTF8.GetBytes("ok = 1\nbad = \""), 0xC3, 0x28, (byte)'"', (byte)'\n']);
        try
        {
            var error = await Assert.ThrowsAsync<TomlException>(() => TomlDocument.LoadAsync(path));
            Assert.Equal(path, error.FileName);
            Assert.Equal(2, error.Line);
            Assert.Contains("invalid UTF-8", error.Reason);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Arrays_of_tables_are_marked_and_a_BOM_is_skipped()
    {
        var table = TomlDocument.Parse(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("[[p]]\nn = 1\n[[p]]\nn = 2\n")).ToArray());
        var array = Assert.IsType<TomlArray>(table["p"]);
        Assert.True(array.IsArrayOfTables);
        Assert.Equal([1L, 2L], array.Cast<TomlTable>().Select(t => t["n"]));
    }

    [Fact]
    public void Deep_nesting_is_a_TomlException_not_a_stack_overflow()
    {
        var ok = TomlDocument.Parse("a = " + new string('[', 200) + new string(']', 200));
        Assert.IsType<TomlArray>(ok["a"]);
        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse("a = " + new string('[', 100_000) + new string(']', 100_000)));
        Assert.Contains("nested more than 256 deep", error.Reason);
        Assert.Throws<TomlException>(() => TomlDocument.Parse("a = " + string.Concat(Enumerable.Repeat("{b=", 100_000))));
        var deepKey = TomlDocument.Parse("a = {" + string.Join('.', Enumerable.Repeat("k", 60_000)) + " = 1}");
        Assert.IsType<TomlTable>(deepKey["a"]);
    }
}
