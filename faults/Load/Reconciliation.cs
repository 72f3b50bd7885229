namespace Commerce.Faults;

/// <summary>Acknowledged (2xx) writes against the event store (by unique reason) and the read models after catch-up.</summary>
public sealed record Reconciliation(Dictionary<string, object?> Figures, Dictionary<string, bool> Checks)
{
    public static async Task<Reconciliation> OfAsync(Database db, string tenant, IReadOnlyCollection<Sent> sent)
    {
        var caughtUp = await Wait.UntilAsync(async () => await db.ProjectionProgressAsync() >= await db.LastEventAsync(), TimeSpan.FromSeconds(90));
        var (reasons, sums) = await db.StoredAdjustmentsAsync(tenant);
        var totals = await db.ReadModelTotalsAsync(tenant);
        var acked = sent.Where(s => s.Status is >= 200 and < 300 && s.Reason.Length > 0).ToList();
        var lost = acked.Count(a => !reasons.ContainsKey(a.Reason));
        var duplicated = reasons.Count(r => r.Key.Length > 0 && r.Value > 1);
        var unacked = sent.Where(s => s.Status is < 200 or >= 300).ToList();
        var committedUnacked = unacked.Count(s => reasons.ContainsKey(s.Reason));
        var ackedSums = acked.GroupBy(a => a.Sku).ToDictionary(g => g.Key, g => g.Sum(a => (long)a.Delta));
        var skusShort = ackedSums.Count(a => sums.GetValueOrDefault(a.Key) < a.Value);
        var readModelWrong = sums.Count(s => totals.GetValueOrDefault(s.Key, -1) != s.Value);
        return new(new Dictionary<string, object?>
        {
            ["requests sent"] = sent.Count,
            ["answers"] = Stats.Histogram(sent),
            ["acknowledged writes (2xx)"] = acked.Count,
            ["acknowledged writes lost"] = lost,
            ["writes stored twice"] = duplicated,
            ["SKUs whose stored sum is below the acknowledged sum"] = skusShort,
            ["unacknowledged requests that were committed anyway (client saw an error; allowed)"] = committedUnacked,
            ["read models differing from the event store after catch-up"] = readModelWrong
        }, new Dictionary<string, bool>
        {
            ["acknowledged writes lost = 0"] = lost == 0 && skusShort == 0,
            ["duplicated = 0"] = duplicated == 0,
            ["projections caught up and read models = event store"] = caughtUp && readModelWrong == 0
        });
    }

    /// <summary>A scenario's result: its own figures, then these; these checks, then its own.</summary>
    public ScenarioResult ToResult(string name, string what, Dictionary<string, object?> figures, Dictionary<string, bool> checks) =>
        new(name, what, figures.Concat(Figures).ToDictionary(), Checks.Concat(checks).ToDictionary());
}
