using System.Globalization;

namespace Ideogram.Sdk.Benchmarks.Measure;

/// <summary>Order statistics over rounds and latencies.</summary>
internal static class Stats
{
    public static double Median(IEnumerable<double> values) => Percentile([.. values], 0.5);

    /// <summary>The nearest-rank percentile of <paramref name="values"/> (sorted in place).</summary>
    public static double Percentile(double[] values, double q)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(values);
        var rank = (int)Math.Ceiling(q * values.Length) - 1;
        return values[Math.Clamp(rank, 0, values.Length - 1)];
    }

    /// <summary>"min–max" of per-round ratios, to show how noisy the rounds were.</summary>
    public static string Range(IEnumerable<double> ratios)
    {
        var list = ratios.ToList();
        return list.Count == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"rounds {list.Min():F2}–{list.Max():F2}");
    }
}
