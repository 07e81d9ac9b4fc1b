namespace PluginHost.Shared.Toml;

/// <summary>A TOML local date (no time, no offset), e.g. 1979-05-27.</summary>
public readonly record struct TomlLocalDate(int Year, int Month, int Day)
{
    /// <summary>The date as a DateOnly (years 1..9999).</summary>
    public DateOnly ToDateOnly() => new(Year, Month, Day);

    /// <summary>The RFC 3339 text, e.g. 1979-05-27.</summary>
    public override string ToString() => $"{Year:D4}-{Month:D2}-{Day:D2}";
}
