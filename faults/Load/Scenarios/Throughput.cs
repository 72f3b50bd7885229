namespace Commerce.Faults.Scenarios;

/// <summary>Throughput with 1, 2, 3 nodes: the same write load as nodes are added (node-3 is started for the last step).</summary>
public sealed class Throughput(Cluster cluster) : IScenario
{
    public async Task<ScenarioResult> RunAsync()
    {
        var nodes = cluster.Nodes;
        var key = await cluster.KeyAsync("throughput");
        var skus = Enumerable.Range(0, 500).Select(i => $"TP-{i}").ToArray();
        var figures = new Dictionary<string, object?>();
        var checks = new Dictionary<string, bool>();
        var seconds = cluster.Settings.Quick ? 3 : 15;
        for (var n = 1; n <= 3; n++)
        {
            if (n == 3)
            {
                nodes[2].Start();
                await nodes[2].WaitReadyAsync(Cluster.Startup);
            }
            await Cluster.WarmAsync(key, nodes[..n]);
            var load = new WriteLoad(key, skus, 16) { Targets = nodes[..n] };
            load.Start();
            await Task.Delay(TimeSpan.FromSeconds(seconds));   // a measuring window, not a wait for a condition
            await load.StopAsync();
            var ok = load.Sent.Where(s => s.Status is >= 200 and < 300).ToList();
            var latencies = ok.Select(s => s.Seconds * 1000).Order().ToList();
            figures[$"{n} node(s): acknowledged writes/s"] = ok.Count / (double)seconds;
            figures[$"{n} node(s): p50 / p99 ms"] = latencies.Count == 0 ? "-" : $"{Stats.Percentile(latencies, 0.5):0} / {Stats.Percentile(latencies, 0.99):0}";
            figures[$"{n} node(s): answers"] = Stats.Histogram(load.Sent);
            checks[$"{n} node(s): no 5xx other than 503, no hang"] = load.Sent.All(s => s.Status != -1 && (s.Status < 500 || s.Status == 503));
        }
        figures["load"] = $"16 concurrent clients, round robin over the nodes, PATCH adjust on 500 SKUs, {seconds} s per step";
        return new("Throughput with 1, 2 and 3 nodes",
            "Command throughput against one PostgreSQL as nodes are added (same build, different --urls).", figures, checks);
    }
}
