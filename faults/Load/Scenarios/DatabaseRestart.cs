using System.Diagnostics;

namespace Commerce.Faults.Scenarios;

/// <summary>PostgreSQL stopped (pg_ctl -m fast) and started under write load; the nodes are not restarted.</summary>
public sealed class DatabaseRestart(Cluster cluster) : IScenario
{
    public async Task<ScenarioResult> RunAsync()
    {
        var key = await cluster.KeyAsync("pgrestart");
        var skus = Enumerable.Range(0, 20).Select(i => $"PG-{i}").ToArray();
        var pair = cluster.Pair;
        await Cluster.WarmAsync(key, pair);
        var load = new WriteLoad(key, skus, 8) { Targets = pair };
        load.Start();
        await Task.Delay(cluster.Phase);
        var stoppedAt = load.Now;
        await cluster.Db.StopFastAsync();
        var unreadySeen = new HashSet<string>();
        var gap = Stopwatch.StartNew();
        while (gap.Elapsed < TimeSpan.FromSeconds(cluster.Settings.Quick ? 3 : 10))   // the outage itself lasts this long
        {
            foreach (var node in pair)
                if (await node.ReadyAsync() is null) unreadySeen.Add(node.Name);
            await Task.Delay(250);
        }
        await cluster.Db.StartAsync();
        var startedAt = load.Now;
        var readyAgain = new Dictionary<string, double>();
        var deadline = Stopwatch.StartNew();
        while (readyAgain.Count < pair.Length && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            foreach (var node in pair.Where(n => !readyAgain.ContainsKey(n.Name)))
                if (await node.ReadyAsync() is not null) readyAgain[node.Name] = load.Now - startedAt;
            await Task.Delay(100);
        }
        await Wait.UntilAsync(() => Task.FromResult(pair.All(n => load.Sent.Any(s => s.Node == n.Name && s.At > startedAt && s.Status is >= 200 and < 300))),
            TimeSpan.FromSeconds(60));
        await Task.Delay(cluster.Phase);
        await load.StopAsync();
        var reconcile = await Reconciliation.OfAsync(cluster.Db, "pgrestart", load.Sent);
        var duringGap = load.Sent.Where(s => s.At >= stoppedAt && s.At <= startedAt).ToList();
        var firstWrite = pair.ToDictionary(n => n.Name, n => load.Sent.Where(s => s.Node == n.Name && s.At > startedAt && s.Status is >= 200 and < 300)
            .Select(s => s.At + s.Seconds - startedAt).DefaultIfEmpty(double.NaN).Min());

        return reconcile.ToResult("PostgreSQL stopped (pg_ctl -m fast) and started under load",
            "Write load over two nodes while the database is stopped for a few seconds and started again; the nodes are not restarted.",
            new Dictionary<string, object?>
            {
                ["outage (stop -m fast .. start done), s"] = startedAt - stoppedAt,
                ["answers during the outage"] = Stats.Histogram(duringGap),
                ["slowest answer during the outage, s"] = duringGap.Select(s => s.Seconds).DefaultIfEmpty().Max(),
                ["seconds after start until writes succeed again, per node"] = string.Join(", ", firstWrite.Select(f => $"{f.Key}: {f.Value:0.0}")),
                ["seconds after start until /health/ready is 200, per node"] = string.Join(", ", readyAgain.Select(f => $"{f.Key}: {f.Value:0.0}")),
                ["nodes seen unready during the outage"] = string.Join(", ", unreadySeen.Order())
            },
            new Dictionary<string, bool>
            {
                ["only 503 (or 2xx/409 before the stop took effect) during the outage, no 500, no hang"] =
                    duringGap.All(s => s.Status is 503 or 409 || s.Status is >= 200 and < 300),
                ["both nodes unready during the outage"] = unreadySeen.Count == pair.Length,
                ["both nodes ready and writing again without restart"] = readyAgain.Count == pair.Length && firstWrite.Values.All(v => !double.IsNaN(v))
            });
    }
}
