namespace PluginHost.Bench;

/// <summary>Small statistics helpers for timings.</summary>
public static class Stats
{
    /// <summary>The median of the values (mean of the two middle ones for an even count).</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
            throw new ArgumentException("median of no values", nameof(values));
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The geometric mean of positive values.</summary>
    public static double GeometricMean(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
            throw new ArgumentException("geometric mean of no values", nameof(values));
        return Math.Exp(values.Average(v => Math.Log(v)));
    }
}
