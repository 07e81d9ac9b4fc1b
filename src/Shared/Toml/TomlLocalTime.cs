using System.Globalization;

namespace PluginHost.Shared.Toml;

/// <summary>A TOML local time of day with nanosecond precision (Second may be 60 for a leap second).</summary>
public readonly record struct TomlLocalTime(int Hour, int Minute, int Second, int Nanosecond)
{
    /// <summary>The time as a TimeOnly, truncated to 100 ns ticks (a leap second becomes 59.999...).</summary>
    public TimeOnly ToTimeOnly()
    {
        var second = Math.Min(Second, 59);
        var ticks = new TimeSpan(Hour, Minute, second).Ticks + (Second == 60 ? TimeSpan.TicksPerSecond - 1 : Nanosecond / 100);
        return new TimeOnly(ticks);
    }

    /// <summary>The RFC 3339 text, e.g. 07:32:00.999, without trailing fractional zeros.</summary>
    public override string ToString()
    {
        var text = $"{Hour:D2}:{Minute:D2}:{Second:D2}";
        if (Nanosecond == 0) return text;
        return text + "." + Nanosecond.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
    }
}
