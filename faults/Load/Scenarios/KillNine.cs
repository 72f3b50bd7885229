namespace Commerce.Faults.Scenarios;

/// <summary>kill -9 of the projection leader, one of two nodes under write load; later restarted.</summary>
public sealed class KillNine(Cluster cluster) : IScenario
{
    public async Task<ScenarioResult> RunAsync()
    {
        var key = await cluster.KeyAsync("kill");
        var skus = Enumerable.Range(0, 20).Select(i => $"K-{i}").ToArray();
        var pair = cluster.Pair;
        await Cluster.WarmAsync(key, pair);
        var load = new WriteLoad(key, skus, 8) { Targets = pair };
        load.Start();
        await Task.Delay(cluster.Phase);
        var victim = await Cluster.LeaderAsync(pair) ?? pair[0];
        var survivor = pair.First(n => n != victim);
        var killedAt = load.Now;
        Console.Error.WriteLine($"faults: kill -9 {victim.Name} at {DateTimeOffset.UtcNow:HH:mm:ss.fff} UTC");
        await victim.Kill9Async();
        load.Targets = [survivor];   // the balancer has seen it go
        var (resumed, newLeader) = await cluster.ProjectionsResumeAsync([survivor]);
        await Task.Delay(cluster.Phase);
        victim.Start();
        var rejoin = await victim.WaitReadyAsync(Cluster.Startup);
        await Cluster.WarmAsync(key, [victim]);   // first command compiles the handlers (see docs/operations.md)
        var rejoinedAt = load.Now;
        load.Targets = pair;
        await Task.Delay(cluster.Phase);
        await load.StopAsync();
        var reconcile = await Reconciliation.OfAsync(cluster.Db, "kill", load.Sent);
        var afterRejoin = load.Sent.Where(s => s.Node == victim.Name && s.At >= rejoinedAt).ToList();

        return reconcile.ToResult("kill -9 of one of two nodes under write load",
            "Write load round robin over two nodes; the projection leader is killed with SIGKILL, later restarted.",
            new Dictionary<string, object?>
            {
                ["killed node (was projection leader)"] = victim.Name,
                ["seconds until projections run again on the survivor"] = resumed,
                ["survivor's role afterwards"] = newLeader,
                ["seconds for the killed node to restart and be ready"] = rejoin,
                ["answers of the restarted node"] = Stats.Histogram(afterRejoin),
                ["answers around the kill (+-2 s)"] = Stats.Histogram(load.Sent.Where(s => Math.Abs(s.At - killedAt) <= 2))
            },
            new Dictionary<string, bool>
            {
                ["projections run again on the survivor within 30 s"] = resumed is <= 30,
                ["killed node rejoined and acknowledged writes"] = afterRejoin.Any(s => s.Status is >= 200 and < 300),
                ["no 5xx other than 503"] = load.Sent.All(s => s.Status < 500 || s.Status == 503)
            });
    }
}
