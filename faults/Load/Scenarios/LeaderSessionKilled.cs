using System.Diagnostics;
using Npgsql;

namespace Commerce.Faults.Scenarios;

/// <summary>
/// The projection leader's lock session is killed in the database (pg_terminate_backend) under write load, the node
/// itself left running. Also watches, the whole time, that no node's session holds a snapshot for long: a leadership
/// lock that did (Marten's own, bench/findings.md finding 9) kept PostgreSQL from pruning dead row versions.
/// </summary>
public sealed class LeaderSessionKilled(Cluster cluster) : IScenario
{
    private static readonly TimeSpan OldSnapshot = TimeSpan.FromSeconds(5);

    public async Task<ScenarioResult> RunAsync()
    {
        var key = await cluster.KeyAsync("leaderkill");
        var skus = Enumerable.Range(0, 20).Select(i => $"LK-{i}").ToArray();
        var pair = cluster.Pair;
        await Cluster.WarmAsync(key, pair);
        using var watching = new CancellationTokenSource();
        var oldestSnapshot = WatchSnapshotsAsync(watching.Token);
        var load = new WriteLoad(key, skus, 8) { Targets = pair };
        load.Start();
        await Task.Delay(cluster.Phase);
        var leader = await Cluster.LeaderAsync(pair) ?? pair[0];
        var sinceKill = Stopwatch.StartNew();
        var killed = await TerminateLockSessionAsync(leader.Name);
        Console.Error.WriteLine($"faults: killed {killed} lock session(s) of {leader.Name} at {DateTimeOffset.UtcNow:HH:mm:ss.fff} UTC");
        // The old leader runs on until its next proof fails (within a second or two): only once it has stepped down is
        // projection progress a new leadership's work.
        var steppedDown = await Wait.UntilAsync(async () => await leader.RoleAsync() != "leader", TimeSpan.FromSeconds(10), poll: 100)
            ? Math.Round(sinceKill.Elapsed.TotalSeconds, 2) : (double?)null;
        var (resumedAfterStepDown, newLeader) = await cluster.ProjectionsResumeAsync(pair);
        var resumed = resumedAfterStepDown is null ? (double?)null : Math.Round(sinceKill.Elapsed.TotalSeconds, 2);
        await Task.Delay(cluster.Phase);
        var roles = new List<string?>();
        foreach (var node in pair) roles.Add(await node.RoleAsync());
        await load.StopAsync();
        await watching.CancelAsync();
        var oldest = await oldestSnapshot;
        var reconcile = await Reconciliation.OfAsync(cluster.Db, "leaderkill", load.Sent);

        return reconcile.ToResult("the projection leader's lock session killed in the database",
            "Write load over two nodes; the leader's database session that holds the projection leadership is terminated, the node left running.",
            new Dictionary<string, object?>
            {
                ["leader whose session was killed"] = leader.Name,
                ["lock sessions killed"] = killed,
                ["seconds until the old leader stepped down"] = steppedDown,
                ["seconds until projections moved again"] = resumed,
                ["leader afterwards"] = newLeader,
                ["roles afterwards"] = string.Join(", ", pair.Zip(roles, (n, r) => $"{n.Name}: {r}")),
                ["oldest snapshot a session held during the load, s"] = Math.Round(oldest.TotalSeconds, 1)
            },
            new Dictionary<string, bool>
            {
                ["a lock session was found and killed"] = killed > 0,
                ["the old leader stepped down within 10 s"] = steppedDown is not null,
                ["projections run again within 10 s"] = resumed is <= 10,
                ["exactly one leader afterwards"] = roles.Count(r => r == "leader") == 1,
                [$"no session held a snapshot over {OldSnapshot.TotalSeconds} s"] = oldest <= OldSnapshot,
                ["no 5xx other than 503"] = load.Sent.All(s => s.Status < 500 || s.Status == 503)
            });
    }

    private async Task<int> TerminateLockSessionAsync(string node)
    {
        await using var db = cluster.Db.Open();
        await using var kill = new NpgsqlCommand(
            "select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1) killed", db)
        {
            Parameters = { new() { Value = $"commerce {node} projections leader" } }
        };
        return (int)(long)(await kill.ExecuteScalarAsync())!;
    }

    /// <summary>The longest any other session of the database held a snapshot, sampled every 250 ms.</summary>
    private async Task<TimeSpan> WatchSnapshotsAsync(CancellationToken stop)
    {
        var oldest = TimeSpan.Zero;
        await using var db = cluster.Db.Open();
        await using var sample = new NpgsqlCommand(
            """
            select coalesce(max(extract(epoch from clock_timestamp() - xact_start)), 0)::float8 from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid() and backend_xmin is not null
            """, db);
        while (!stop.IsCancellationRequested)
        {
            var seconds = (double)(await sample.ExecuteScalarAsync(CancellationToken.None))!;
            if (TimeSpan.FromSeconds(seconds) > oldest) oldest = TimeSpan.FromSeconds(seconds);
            await Task.Delay(250, CancellationToken.None);
        }
        return oldest;
    }
}
