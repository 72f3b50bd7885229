using System.Diagnostics;
using Npgsql;

namespace Commerce.Faults.Scenarios;

/// <summary>A slow database: another session holds a row lock on a hot stream while clients write to it and elsewhere.</summary>
public sealed class SlowDatabase(Cluster cluster) : IScenario
{
    public async Task<ScenarioResult> RunAsync()
    {
        var key = await cluster.KeyAsync("slow");
        var node = cluster.Nodes[0];
        await Cluster.WarmAsync(key, [node]);
        if (await WriteLoad.PatchAsync(node, key, "HOT-1", "{\"adjust\":1}") != 200) throw new InvalidOperationException("could not create HOT-1");

        await using var locker = cluster.Db.Open();
        var tx = await locker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("select 1 from commerce.mt_streams where id = 'HOT-1' and tenant_id = 'slow' for update", locker, tx))
            await lockRow.ExecuteScalarAsync();
        var hot = new WriteLoad(key, ["HOT-1"], 6) { Targets = [node] };
        var cold = new WriteLoad(key, Enumerable.Range(0, 10).Select(i => $"COLD-{i}").ToArray(), 2) { Targets = [node] };
        hot.Start();
        cold.Start();
        await Task.Delay(Settings.RequestBound * 2.5);   // the lock is held this long
        await hot.StopAsync();
        await cold.StopAsync();
        await tx.RollbackAsync();

        var after = Stopwatch.StartNew();
        await Wait.UntilAsync(async () => await WriteLoad.PatchAsync(node, key, "HOT-1", "{\"adjust\":1}") == 200, TimeSpan.FromSeconds(20));
        var recovered = after.Elapsed.TotalSeconds;
        var ready = await node.ReadyAsync() is not null;
        var hotLatency = hot.Sent.Select(s => s.Seconds).Order().ToList();
        var figures = new Dictionary<string, object?>
        {
            ["lock held, s"] = (Settings.RequestBound * 2.5).TotalSeconds,
            ["hot stream answers"] = Stats.Histogram(hot.Sent),
            ["hot stream latency p50 / max, s"] = $"{Stats.Percentile(hotLatency, 0.5):0.00} / {hotLatency.DefaultIfEmpty().Max():0.00}",
            ["other streams answers (same node, same time)"] = Stats.Histogram(cold.Sent),
            ["seconds after release until the hot stream takes writes"] = recovered
        };
        var checks = new Dictionary<string, bool>
        {
            ["hot stream: only 503 while locked"] = hot.Sent.Count > 0 && hot.Sent.All(s => s.Status == 503),
            [$"hot stream: every answer within the bound + 1.5 s ({Settings.RequestBound.TotalSeconds + 1.5} s)"] =
                hotLatency.DefaultIfEmpty().Max() <= Settings.RequestBound.TotalSeconds + 1.5,
            ["other streams kept being written"] = cold.Sent.Any(s => s.Status == 200) && cold.Sent.All(s => s.Status is 200 or 409),
            ["node ready afterwards"] = ready
        };
        return new("Slow database: a row lock held on a hot stream",
            "Another session holds FOR UPDATE on the hot stream's mt_streams row while 6 clients write to it and 2 write elsewhere.", figures, checks);
    }
}
