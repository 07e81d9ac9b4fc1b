namespace PluginHost.Shared.Toml;

/// <summary>A TOML local date-time (no offset), e.g. 1979-05-27T07:32:00.</summary>
public readonly record struct TomlLocalDateTime(TomlLocalDate Date, TomlLocalTime Time)
{
    /// <summary>The value as a DateTime of kind Unspecified, truncated to 100 ns ticks.</summary>
    public DateTime ToDateTime() => Date.ToDateOnly().ToDateTime(Time.ToTimeOnly(), DateTimeKind.Unspecified);

    /// <summary>The RFC 3339 text with a T separator.</summary>
    public override string ToString() => $"{Date}T{Time}";
}
