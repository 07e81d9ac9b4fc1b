namespace PluginHost.Shared.Toml;

/// <summary>A TOML offset date-time: a local date-time plus its UTC offset in minutes (Z is 0).</summary>
public readonly record struct TomlOffsetDateTime(TomlLocalDate Date, TomlLocalTime Time, int OffsetMinutes)
{
    /// <summary>The value as a DateTimeOffset, truncated to 100 ns ticks (throws when outside DateTimeOffset's range).</summary>
    public DateTimeOffset ToDateTimeOffset() =>
        new(Date.ToDateOnly().ToDateTime(Time.ToTimeOnly(), DateTimeKind.Unspecified), TimeSpan.FromMinutes(OffsetMinutes));

    /// <summary>The RFC 3339 text with a T separator and Z for a zero offset.</summary>
    public override string ToString()
    {
        if (OffsetMinutes == 0) return $"{Date}T{Time}Z";
        var sign = OffsetMinutes < 0 ? '-' : '+';
        var abs = Math.Abs(OffsetMinutes);
        return $"{Date}T{Time}{sign}{abs / 60:D2}:{abs % 60:D2}";
    }
}
