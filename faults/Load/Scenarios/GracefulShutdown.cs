namespace Commerce.Faults.Scenarios;

/// <summary>SIGTERM of the projection leader under load: in-flight requests finish, another node takes over.</summary>
public sealed class GracefulShutdown(Cluster cluster) : IScenario
{
    public async Task<ScenarioResult> RunAsync()
    {
        var key = await cluster.KeyAsync("graceful");
        var skus = Enumerable.Range(0, 20).Select(i => $"G-{i}").ToArray();
        var running = cluster.Nodes.Where(n => n.Running).ToArray();   // all three after Throughput
        var leader = await Cluster.LeaderAsync(running) ?? throw new InvalidOperationException("no projection leader among the nodes");
        var others = running.Where(n => n != leader).ToArray();
        await Cluster.WarmAsync(key, running);
        var load = new WriteLoad(key, skus, 8) { Targets = running };
        load.Start();
        await Task.Delay(cluster.Phase);
        var termAt = load.Now;
        var exitSeconds = (await leader.TerminateAsync(TimeSpan.FromSeconds(30))).TotalSeconds;
        var exitCode = leader.ExitCode;
        load.Targets = others;   // the balancer has seen it go
        var (resumed, newLeader) = await cluster.ProjectionsResumeAsync(others);
        await Task.Delay(cluster.Phase);
        await load.StopAsync();
        var fromLeaving = load.Sent.Where(s => s.Node == leader.Name && s.At >= termAt - 1).ToList();
        var reconcile = await Reconciliation.OfAsync(cluster.Db, "graceful", load.Sent);

        leader.Start();
        var rejoin = await leader.WaitReadyAsync(Cluster.Startup);
        var third = cluster.Nodes[2];
        if (third.Running) await third.TerminateAsync(TimeSpan.FromSeconds(30));   // back to node-1 + node-2
        return reconcile.ToResult("SIGTERM of the projection leader under load",
            "Graceful shutdown: in-flight requests finish, the node exits 0, another node takes the projections over.",
            new Dictionary<string, object?>
            {
                ["terminated node (was projection leader)"] = leader.Name,
                ["exit code"] = exitCode,
                ["seconds from SIGTERM to exit"] = exitSeconds,
                ["answers of the leaving node from 1 s before SIGTERM (-1 = connection refused)"] = Stats.Histogram(fromLeaving),
                ["seconds until projections run again on another node"] = resumed,
                ["new projection leader"] = newLeader,
                ["seconds for the restarted node to be ready again"] = rejoin
            },
            new Dictionary<string, bool>
            {
                ["exited with 0 within the 15 s shutdown bound"] = exitSeconds < 15 && exitCode == 0,
                ["no 5xx from the leaving node"] = fromLeaving.All(s => s.Status < 500),
                ["projections resumed on another node within 30 s"] = resumed is <= 30
            });
    }
}
