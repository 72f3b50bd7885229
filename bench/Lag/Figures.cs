using System.Text.Json;

/// <summary>How the bench tools print what they measured: one JSON line, percentiles rounded to the microsecond.</summary>
static class Figures
{
    public static void Emit(object figures) => Console.WriteLine(JsonSerializer.Serialize(figures));

    public static object? Summary(List<double> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToArray();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new
        {
            count = sorted.Length, mean = Math.Round(sorted.Average(), 3), p50 = Math.Round(At(50), 3), p90 = Math.Round(At(90), 3),
            p95 = Math.Round(At(95), 3), p99 = Math.Round(At(99), 3), max = Math.Round(sorted[^1], 3)
        };
    }
}
