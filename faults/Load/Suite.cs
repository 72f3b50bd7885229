using System.Diagnostics;
using Commerce.Faults.Scenarios;

namespace Commerce.Faults;

/// <summary>The scenarios of issue 10, in order (faults/Load/Scenarios), against node-1 and node-2 of the cluster.</summary>
public sealed class Suite(Settings settings, Database db)
{
    public async Task<List<ScenarioResult>> RunAsync()
    {
        var cluster = new Cluster(settings, db);
        IScenario[] scenarios =
        [
            new Throughput(cluster), new GracefulShutdown(cluster), new KillNine(cluster), new WebhooksAfterKillNine(cluster), new DealsAfterKillNine(cluster),
            new LeaderSessionKilled(cluster), new DatabaseRestart(cluster), new SlowDatabase(cluster), new PoisonedEvent(cluster)
        ];
        var results = new List<ScenarioResult>();
        try
        {
            foreach (var node in cluster.Pair)
            {
                node.Start();
                await node.WaitReadyAsync(Cluster.Startup);   // one after the other: the first applies the schema
            }
            foreach (var scenario in scenarios)
            {
                if (settings.Only is { } only && !scenario.GetType().Name.Contains(only, StringComparison.OrdinalIgnoreCase)) continue;
                var watch = Stopwatch.StartNew();
                var result = await scenario.RunAsync();
                Console.Error.WriteLine($"faults: {result.Name}: {(result.Passed ? "pass" : "FAIL")} ({watch.Elapsed.TotalSeconds:0} s)");
                results.Add(result);
            }
        }
        finally
        {
            foreach (var node in cluster.Nodes.Where(n => n.Running)) await node.TerminateAsync(TimeSpan.FromSeconds(30));
        }
        return results;
    }
}
