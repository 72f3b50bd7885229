namespace Commerce.Faults;

/// <summary>How scenarios summarise what they saw.</summary>
public static class Stats
{
    /// <summary>Answers by status ("no answer" for no HTTP answer at all).</summary>
    public static SortedDictionary<string, int> Histogram(IEnumerable<Sent> sent) =>
        new(sent.GroupBy(s => s.Status == -1 ? "no answer" : s.Status.ToString()).ToDictionary(g => g.Key, g => g.Count()));

    public static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
