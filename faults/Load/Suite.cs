using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace Commerce.Faults;

/// <summary>The scenarios of issue 10, in order, each on its own tenant. Waits are for conditions, with deadlines.</summary>
public sealed class Suite(Settings settings, Database db)
{
    private readonly Node[] _nodes = [.. Enumerable.Range(0, 3).Select(i => new Node($"node-{i + 1}", settings.ApiPort + i, settings))];
    private static readonly TimeSpan Startup = TimeSpan.FromMinutes(2);
    private TimeSpan Phase => TimeSpan.FromSeconds(settings.Quick ? 3 : 10);

    public async Task<List<ScenarioResult>> RunAsync()
    {
        var results = new List<ScenarioResult>();
        try
        {
            foreach (var node in _nodes[..2])
            {
                node.Start();
                await node.WaitReadyAsync(Startup);   // one after the other: the first applies the schema
            }
            foreach (var scenario in new Func<Task<ScenarioResult>>[]
                     { ThroughputAsync, GracefulShutdownAsync, KillNineAsync, WebhooksAfterKillNineAsync, DatabaseRestartAsync, SlowDatabaseAsync, PoisonedEventAsync })
            {
                if (settings.Only is { } only && !scenario.Method.Name.Contains(only, StringComparison.OrdinalIgnoreCase)) continue;
                var watch = Stopwatch.StartNew();
                var result = await scenario();
                Console.Error.WriteLine($"faults: {result.Name}: {(result.Passed ? "pass" : "FAIL")} ({watch.Elapsed.TotalSeconds:0} s)");
                results.Add(result);
            }
        }
        finally
        {
            foreach (var node in _nodes.Where(n => n.Running)) await node.TerminateAsync(TimeSpan.FromSeconds(30));
        }
        return results;
    }

    // ------------------------------------------------------------------ throughput with 1, 2, 3 nodes

    private async Task<ScenarioResult> ThroughputAsync()
    {
        var key = await KeyAsync("throughput");
        var skus = Enumerable.Range(0, 500).Select(i => $"TP-{i}").ToArray();
        var figures = new Dictionary<string, object?>();
        var checks = new Dictionary<string, bool>();
        var seconds = settings.Quick ? 3 : 15;
        for (var n = 1; n <= 3; n++)
        {
            if (n == 3)
            {
                _nodes[2].Start();
                await _nodes[2].WaitReadyAsync(Startup);
            }
            await WarmAsync(key, _nodes[..n]);
            var load = new WriteLoad(key, skus, 16) { Targets = _nodes[..n] };
            load.Start();
            await Task.Delay(TimeSpan.FromSeconds(seconds));   // a measuring window, not a wait for a condition
            await load.StopAsync();
            var ok = load.Sent.Where(s => s.Status is >= 200 and < 300).ToList();
            var latencies = ok.Select(s => s.Seconds * 1000).Order().ToList();
            figures[$"{n} node(s): acknowledged writes/s"] = ok.Count / (double)seconds;
            figures[$"{n} node(s): p50 / p99 ms"] = latencies.Count == 0 ? "-" : $"{Percentile(latencies, 0.5):0} / {Percentile(latencies, 0.99):0}";
            figures[$"{n} node(s): answers"] = Histogram(load.Sent);
            checks[$"{n} node(s): no 5xx other than 503, no hang"] = load.Sent.All(s => s.Status != -1 && (s.Status < 500 || s.Status == 503));
        }
        figures["load"] = $"16 concurrent clients, round robin over the nodes, PATCH adjust on 500 SKUs, {seconds} s per step";
        return new("Throughput with 1, 2 and 3 nodes",
            "Command throughput against one PostgreSQL as nodes are added (same build, different --urls).", figures, checks);
    }

    // ------------------------------------------------------------------ SIGTERM of the projection leader under load

    private async Task<ScenarioResult> GracefulShutdownAsync()
    {
        var key = await KeyAsync("graceful");
        var skus = Enumerable.Range(0, 20).Select(i => $"G-{i}").ToArray();
        var leader = await LeaderAsync(_nodes) ?? throw new InvalidOperationException("no projection leader among the nodes");
        var others = _nodes.Where(n => n != leader).ToArray();
        await WarmAsync(key, _nodes);
        var load = new WriteLoad(key, skus, 8) { Targets = _nodes };
        load.Start();
        await Task.Delay(Phase);
        var termAt = load.Now;
        var exitSeconds = (await leader.TerminateAsync(TimeSpan.FromSeconds(30))).TotalSeconds;
        var exitCode = leader.ExitCode;
        load.Targets = others;   // the balancer has seen it go
        var (resumed, newLeader) = await ProjectionsResumeAsync(others);
        await Task.Delay(Phase);
        await load.StopAsync();
        var fromLeaving = load.Sent.Where(s => s.Node == leader.Name && s.At >= termAt - 1).ToList();
        var reconcile = await ReconcileAsync("graceful", load.Sent);

        leader.Start();
        var rejoin = await leader.WaitReadyAsync(Startup);
        if (leader == _nodes[0] || leader == _nodes[1]) await _nodes[2].TerminateAsync(TimeSpan.FromSeconds(30));   // back to node-1 + node-2
        var figures = new Dictionary<string, object?>
        {
            ["terminated node (was projection leader)"] = leader.Name,
            ["exit code"] = exitCode,
            ["seconds from SIGTERM to exit"] = exitSeconds,
            ["answers of the leaving node from 1 s before SIGTERM (-1 = connection refused)"] = Histogram(fromLeaving),
            ["seconds until projections run again on another node"] = resumed,
            ["new projection leader"] = newLeader,
            ["seconds for the restarted node to be ready again"] = rejoin
        };
        foreach (var (k, v) in reconcile.Figures) figures[k] = v;
        var checks = new Dictionary<string, bool>(reconcile.Checks)
        {
            ["exited with 0 within the 15 s shutdown bound"] = exitSeconds < 15 && exitCode == 0,
            ["no 5xx from the leaving node"] = fromLeaving.All(s => s.Status < 500),
            ["projections resumed on another node within 30 s"] = resumed is <= 30
        };
        return new("SIGTERM of the projection leader under load",
            "Graceful shutdown: in-flight requests finish, the node exits 0, another node takes the projections over.", figures, checks);
    }

    // ------------------------------------------------------------------ kill -9 of the projection leader under load

    private async Task<ScenarioResult> KillNineAsync()
    {
        var key = await KeyAsync("kill");
        var skus = Enumerable.Range(0, 20).Select(i => $"K-{i}").ToArray();
        var pair = _nodes[..2];
        await WarmAsync(key, pair);
        var load = new WriteLoad(key, skus, 8) { Targets = pair };
        load.Start();
        await Task.Delay(Phase);
        var victim = await LeaderAsync(pair) ?? pair[0];
        var survivor = pair.First(n => n != victim);
        var killedAt = load.Now;
        Console.Error.WriteLine($"faults: kill -9 {victim.Name} at {DateTimeOffset.UtcNow:HH:mm:ss.fff} UTC");
        await victim.Kill9Async();
        load.Targets = [survivor];   // the balancer has seen it go
        var (resumed, newLeader) = await ProjectionsResumeAsync([survivor]);
        await Task.Delay(Phase);
        victim.Start();
        var rejoin = await victim.WaitReadyAsync(Startup);
        await WarmAsync(key, [victim]);   // first command compiles the handlers (see docs/operations.md)
        var rejoinedAt = load.Now;
        load.Targets = pair;
        await Task.Delay(Phase);
        await load.StopAsync();
        var reconcile = await ReconcileAsync("kill", load.Sent);
        var afterRejoin = load.Sent.Where(s => s.Node == victim.Name && s.At >= rejoinedAt).ToList();

        var figures = new Dictionary<string, object?>
        {
            ["killed node (was projection leader)"] = victim.Name,
            ["seconds until projections run again on the survivor"] = resumed,
            ["survivor's role afterwards"] = newLeader,
            ["seconds for the killed node to restart and be ready"] = rejoin,
            ["answers of the restarted node"] = Histogram(afterRejoin),
            ["answers around the kill (+-2 s)"] = Histogram(load.Sent.Where(s => Math.Abs(s.At - killedAt) <= 2))
        };
        foreach (var (k, v) in reconcile.Figures) figures[k] = v;
        var checks = new Dictionary<string, bool>(reconcile.Checks)
        {
            ["projections run again on the survivor within 30 s"] = resumed is <= 30,
            ["killed node rejoined and acknowledged writes"] = afterRejoin.Any(s => s.Status is >= 200 and < 300),
            ["no 5xx other than 503"] = load.Sent.All(s => s.Status < 500 || s.Status == 503)
        };
        return new("kill -9 of one of two nodes under write load",
            "Write load round robin over two nodes; the projection leader is killed with SIGKILL, later restarted.", figures, checks);
    }

    // ------------------------------------------------------------------ kill -9 with webhook deliveries queued

    private async Task<ScenarioResult> WebhooksAfterKillNineAsync()
    {
        var key = await KeyAsync("hooks");
        var pair = _nodes[..2];
        await using var receiver = new WebhookReceiver(settings.ApiPort + 8, pause: TimeSpan.FromMilliseconds(30));
        await WarmAsync(key, pair);
        var registered = await WriteLoad.PostAsync(pair[0], key, "/v1/webhooks", $"{{\"url\":\"{receiver.Url}\",\"events\":[\"inventory.out\"]}}");
        if (registered != 201) throw new InvalidOperationException($"registering the webhook answered {registered}");

        // Events come faster than one webhook's deliveries (sent one at a time), so a backlog waits in the leader's
        // durable queue when it dies.
        var load = new WriteLoad(key, Enumerable.Range(0, 6).Select(i => $"H-{i}").ToArray(), 6) { Targets = pair, Flip = true };
        load.Start();
        await Task.Delay(Phase);
        var victim = await LeaderAsync(pair) ?? pair[0];
        var survivor = pair.First(n => n != victim);
        var receivedBeforeKill = receiver.Distinct;
        Console.Error.WriteLine($"faults: kill -9 {victim.Name} (webhook backlog) at {DateTimeOffset.UtcNow:HH:mm:ss.fff} UTC");
        var sinceKill = Stopwatch.StartNew();
        await victim.Kill9Async();
        load.Targets = [survivor];
        await Task.Delay(Phase);
        await load.StopAsync();
        var expected = await db.EventCountAsync("hooks", "stock_ran_out");
        var allArrived = await WaitUntilAsync(() => Task.FromResult(receiver.Distinct >= expected), TimeSpan.FromSeconds(settings.Quick ? 120 : 180));
        var arrivedSeconds = allArrived ? sinceKill.Elapsed.TotalSeconds : (double?)null;
        victim.Start();
        await victim.WaitReadyAsync(Startup);
        await WarmAsync(key, [victim]);
        if (!allArrived) allArrived = await WaitUntilAsync(() => Task.FromResult(receiver.Distinct >= expected), TimeSpan.FromSeconds(60));

        var figures = new Dictionary<string, object?>
        {
            ["killed node (was projection leader, held the queued deliveries)"] = victim.Name,
            ["inventory.out events stored"] = expected,
            ["deliveries received before the kill"] = receivedBeforeKill,
            ["distinct deliveries received"] = receiver.Distinct,
            ["deliveries received more than once (allowed, same webhook-id)"] = receiver.Repeated,
            ["seconds from the kill until every delivery arrived (survivor alone)"] = arrivedSeconds,
            ["write answers"] = Histogram(load.Sent)
        };
        var checks = new Dictionary<string, bool>
        {
            ["every stored event delivered (lost = 0)"] = receiver.Distinct >= expected,
            ["delivered by the survivor alone, within the bound"] = arrivedSeconds is not null,
            ["no 5xx other than 503"] = load.Sent.All(s => s.Status < 500 || s.Status == 503)
        };
        return new("kill -9 with webhook deliveries queued",
            "One webhook on inventory.out, a receiver that takes 30 ms per delivery, flip writes (+1/-1) over two nodes; the projection leader, " +
            "whose durable queue holds the backlog, is killed with SIGKILL.", figures, checks);
    }

    // ------------------------------------------------------------------ PostgreSQL stopped (fast) and started under load

    private async Task<ScenarioResult> DatabaseRestartAsync()
    {
        var key = await KeyAsync("pgrestart");
        var skus = Enumerable.Range(0, 20).Select(i => $"PG-{i}").ToArray();
        var pair = _nodes[..2];
        await WarmAsync(key, pair);
        var load = new WriteLoad(key, skus, 8) { Targets = pair };
        load.Start();
        await Task.Delay(Phase);
        var stoppedAt = load.Now;
        await db.StopFastAsync();
        var unreadySeen = new HashSet<string>();
        var gap = Stopwatch.StartNew();
        while (gap.Elapsed < TimeSpan.FromSeconds(settings.Quick ? 3 : 10))   // the outage itself lasts this long
        {
            foreach (var node in pair)
                if (await node.ReadyAsync() is null) unreadySeen.Add(node.Name);
            await Task.Delay(250);
        }
        await db.StartAsync();
        var startedAt = load.Now;
        var readyAgain = new Dictionary<string, double>();
        var deadline = Stopwatch.StartNew();
        while (readyAgain.Count < pair.Length && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            foreach (var node in pair.Where(n => !readyAgain.ContainsKey(n.Name)))
                if (await node.ReadyAsync() is not null) readyAgain[node.Name] = load.Now - startedAt;
            await Task.Delay(100);
        }
        await WaitUntilAsync(() => Task.FromResult(pair.All(n => load.Sent.Any(s => s.Node == n.Name && s.At > startedAt && s.Status is >= 200 and < 300))),
            TimeSpan.FromSeconds(60));
        await Task.Delay(Phase);
        await load.StopAsync();
        var reconcile = await ReconcileAsync("pgrestart", load.Sent);
        var duringGap = load.Sent.Where(s => s.At >= stoppedAt && s.At <= startedAt).ToList();
        var firstWrite = pair.ToDictionary(n => n.Name, n => load.Sent.Where(s => s.Node == n.Name && s.At > startedAt && s.Status is >= 200 and < 300)
            .Select(s => s.At + s.Seconds - startedAt).DefaultIfEmpty(double.NaN).Min());

        var figures = new Dictionary<string, object?>
        {
            ["outage (stop -m fast .. start done), s"] = startedAt - stoppedAt,
            ["answers during the outage"] = Histogram(duringGap),
            ["slowest answer during the outage, s"] = duringGap.Select(s => s.Seconds).DefaultIfEmpty().Max(),
            ["seconds after start until writes succeed again, per node"] = string.Join(", ", firstWrite.Select(f => $"{f.Key}: {f.Value:0.0}")),
            ["seconds after start until /health/ready is 200, per node"] = string.Join(", ", readyAgain.Select(f => $"{f.Key}: {f.Value:0.0}")),
            ["nodes seen unready during the outage"] = string.Join(", ", unreadySeen.Order())
        };
        foreach (var (k, v) in reconcile.Figures) figures[k] = v;
        var checks = new Dictionary<string, bool>(reconcile.Checks)
        {
            ["only 503 (or 2xx/409 before the stop took effect) during the outage, no 500, no hang"] =
                duringGap.All(s => s.Status is 503 or 409 || s.Status is >= 200 and < 300),
            ["both nodes unready during the outage"] = unreadySeen.Count == pair.Length,
            ["both nodes ready and writing again without restart"] = readyAgain.Count == pair.Length && firstWrite.Values.All(v => !double.IsNaN(v))
        };
        return new("PostgreSQL stopped (pg_ctl -m fast) and started under load",
            "Write load over two nodes while the database is stopped for a few seconds and started again; the nodes are not restarted.", figures, checks);
    }

    // ------------------------------------------------------------------ a row lock on a hot stream

    private async Task<ScenarioResult> SlowDatabaseAsync()
    {
        var key = await KeyAsync("slow");
        var node = _nodes[0];
        await WarmAsync(key, [node]);
        if (await WriteLoad.PatchAsync(node, key, "HOT-1", "{\"adjust\":1}") != 200) throw new InvalidOperationException("could not create HOT-1");

        await using var locker = db.Open();
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
        await WaitUntilAsync(async () => await WriteLoad.PatchAsync(node, key, "HOT-1", "{\"adjust\":1}") == 200, TimeSpan.FromSeconds(20));
        var recovered = after.Elapsed.TotalSeconds;
        var ready = await node.ReadyAsync() is not null;
        var hotLatency = hot.Sent.Select(s => s.Seconds).Order().ToList();
        var figures = new Dictionary<string, object?>
        {
            ["lock held, s"] = (Settings.RequestBound * 2.5).TotalSeconds,
            ["hot stream answers"] = Histogram(hot.Sent),
            ["hot stream latency p50 / max, s"] = $"{Percentile(hotLatency, 0.5):0.00} / {hotLatency.DefaultIfEmpty().Max():0.00}",
            ["other streams answers (same node, same time)"] = Histogram(cold.Sent),
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

    // ------------------------------------------------------------------ a poisoned event

    private async Task<ScenarioResult> PoisonedEventAsync()
    {
        var key = await KeyAsync("poison");
        var node = _nodes[0];
        await WarmAsync(key, [node]);
        foreach (var sku in new[] { "P-1", "P-2" })
            if (await WriteLoad.PatchAsync(node, key, sku, "{\"adjust\":5}") != 200) throw new InvalidOperationException($"could not create {sku}");
        await db.AppendPoisonAsync("poison", "P-1");
        var poisonedAt = Stopwatch.StartNew();
        var afterPoison = await WriteLoad.PatchAsync(node, key, "P-1", "{\"quantity\":50}");
        var other = await WriteLoad.PatchAsync(node, key, "P-2", "{\"adjust\":7}");

        JsonElement admin = default;
        var seen = await WaitUntilAsync(async () =>
        {
            var (status, body) = await WriteLoad.GetAsync(node, key, "/v1/admin/projections");
            if (status != 200) return false;
            admin = JsonDocument.Parse(body).RootElement.Clone();
            return admin.GetProperty("recent_dead_letters").GetArrayLength() > 0;
        }, TimeSpan.FromSeconds(60));
        var deadLetterSeconds = poisonedAt.Elapsed.TotalSeconds;
        Dictionary<string, long> totals = [];
        await WaitUntilAsync(async () =>
        {
            totals = await db.ReadModelTotalsAsync("poison");
            return totals.GetValueOrDefault("P-1") == 50 && totals.GetValueOrDefault("P-2") == 12;
        }, TimeSpan.FromSeconds(60));
        var logged = _nodes.Any(n => File.Exists(Path.Combine(settings.LogDir, $"{n.Name}.log"))
            && File.ReadAllText(Path.Combine(settings.LogDir, $"{n.Name}.log")).Contains("stock is never negative"));
        var letter = seen ? admin.GetProperty("recent_dead_letters")[0] : default;

        var figures = new Dictionary<string, object?>
        {
            ["writes after the poison (P-1 quantity 50, P-2 adjust 7)"] = $"{afterPoison}, {other}",
            ["seconds until the dead letter shows in GET /v1/admin/projections"] = deadLetterSeconds,
            ["dead letter"] = seen ? $"{letter.GetProperty("projection").GetString()} seq {letter.GetProperty("event_sequence").GetInt64()}: {letter.GetProperty("exception_type").GetString()}" : null,
            ["read model after catch-up (P-1, P-2)"] = $"{totals.GetValueOrDefault("P-1")}, {totals.GetValueOrDefault("P-2")}"
        };
        var checks = new Dictionary<string, bool>
        {
            ["dead letter visible in the admin route"] = seen,
            ["error in a node's log"] = logged,
            ["projection went on: later events of the poisoned stream and other streams projected"] =
                totals.GetValueOrDefault("P-1") == 50 && totals.GetValueOrDefault("P-2") == 12
        };
        return new("A projection throws on one poisoned event",
            "An event saying stock is negative (a corrupt import) is appended; policy: skip + dead-letter, keep projecting.", figures, checks);
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>Acknowledged (2xx) writes against the event store (by unique reason) and the read models after catch-up.</summary>
    private async Task<(Dictionary<string, object?> Figures, Dictionary<string, bool> Checks)> ReconcileAsync(string tenant, IReadOnlyCollection<Sent> sent)
    {
        var caughtUp = await WaitUntilAsync(async () => await db.ProjectionProgressAsync() >= await db.LastEventAsync(), TimeSpan.FromSeconds(90));
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
        return (new Dictionary<string, object?>
        {
            ["requests sent"] = sent.Count,
            ["answers"] = Histogram(sent),
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

    /// <summary>
    /// Called once the old leader has exited: seconds until projection progress moves past where it left it (so the
    /// move is another node's work) while writes go on, and the leader then.
    /// </summary>
    private async Task<(double? Seconds, string? Leader)> ProjectionsResumeAsync(Node[] candidates)
    {
        var watch = Stopwatch.StartNew();
        var before = await db.ProjectionProgressAsync();
        var moved = await WaitUntilAsync(async () => await db.ProjectionProgressAsync() > before, TimeSpan.FromSeconds(90), poll: 100);
        var seconds = moved ? watch.Elapsed.TotalSeconds : (double?)null;
        var leader = await LeaderAsync(candidates);
        return (seconds, leader?.Name);
    }

    private static async Task<Node?> LeaderAsync(IEnumerable<Node> nodes)
    {
        var running = nodes.Where(n => n.Running).ToList();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            foreach (var node in running)
                if (await node.RoleAsync() == "leader") return node;
            await Task.Delay(200);
        }
        return null;
    }

    private async Task<string> KeyAsync(string tenant)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { settings.ApiDll, "keys", "create", "--tenant", tenant, "--scopes", "all" }) info.ArgumentList.Add(a);
        foreach (var (k, v) in settings.NodeEnvironment("keys")) info.Environment[k] = v;
        using var p = Process.Start(info)!;
        var stdout = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith("cc_sk_"))
            ?? throw new InvalidOperationException($"keys create --tenant {tenant} printed no key: {stdout}");
    }

    /// <summary>Each node compiles its handlers on its first command: send one until it is acknowledged.</summary>
    private static async Task WarmAsync(string key, IEnumerable<Node> nodes)
    {
        foreach (var node in nodes)
            if (!await WaitUntilAsync(async () => await WriteLoad.PatchAsync(node, key, "WARM-UP", "{\"adjust\":1}") == 200, TimeSpan.FromSeconds(60)))
                throw new TimeoutException($"{node.Name} does not take writes");
    }

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan bound, int poll = 200)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > bound) return false;
            await Task.Delay(poll);
        }
        return true;
    }

    private static SortedDictionary<string, int> Histogram(IEnumerable<Sent> sent) =>
        new(sent.GroupBy(s => s.Status == -1 ? "no answer" : s.Status.ToString()).ToDictionary(g => g.Key, g => g.Count()));

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
