using System.Diagnostics;

namespace Commerce.Faults.Scenarios;

/// <summary>kill -9 of the projection leader while its durable queue holds webhook deliveries: none may be lost.</summary>
public sealed class WebhooksAfterKillNine(Cluster cluster) : IScenario
{
    private static readonly TimeSpan ReceiverPause = TimeSpan.FromMilliseconds(30);

    public async Task<ScenarioResult> RunAsync()
    {
        var key = await cluster.KeyAsync("hooks");
        var pair = cluster.Pair;
        await using var receiver = new WebhookReceiver(cluster.Settings.ReceiverPort, pause: ReceiverPause);
        await Cluster.WarmAsync(key, pair);
        var registered = await WriteLoad.PostAsync(pair[0], key, "/v1/webhooks", $"{{\"url\":\"{receiver.Url}\",\"events\":[\"inventory.out\"]}}");
        if (registered != 201) throw new InvalidOperationException($"registering the webhook answered {registered}");

        // Events come faster than one webhook's deliveries (sent one at a time), so a backlog waits in the leader's
        // durable queue when it dies.
        var load = new WriteLoad(key, Enumerable.Range(0, 6).Select(i => $"H-{i}").ToArray(), 6) { Targets = pair, Flip = true };
        load.Start();
        await Task.Delay(cluster.Phase);
        var victim = await Cluster.LeaderAsync(pair) ?? pair[0];
        var survivor = pair.First(n => n != victim);
        var receivedBeforeKill = receiver.Distinct;
        Console.Error.WriteLine($"faults: kill -9 {victim.Name} (webhook backlog) at {DateTimeOffset.UtcNow:HH:mm:ss.fff} UTC");
        var sinceKill = Stopwatch.StartNew();
        await victim.Kill9Async();
        load.Targets = [survivor];
        await Task.Delay(cluster.Phase);
        await load.StopAsync();
        var expected = await cluster.Db.EventCountAsync("hooks", "stock_ran_out");
        // The backlog grows with the machine's write rate, and the survivor sends it one delivery at a time to a receiver
        // that takes 30 ms over each: the bound is a fixed allowance plus twice that time for what was still owed.
        var bound = TimeSpan.FromSeconds(cluster.Settings.Quick ? 120 : 180) + 2 * ReceiverPause * (expected - receivedBeforeKill);
        var allArrived = await Wait.UntilAsync(() => Task.FromResult(receiver.Distinct >= expected), bound);
        var arrivedSeconds = allArrived ? sinceKill.Elapsed.TotalSeconds : (double?)null;
        victim.Start();
        await victim.WaitReadyAsync(Cluster.Startup);
        await Cluster.WarmAsync(key, [victim]);
        if (!allArrived) allArrived = await Wait.UntilAsync(() => Task.FromResult(receiver.Distinct >= expected), TimeSpan.FromSeconds(60));

        var figures = new Dictionary<string, object?>
        {
            ["killed node (was projection leader, held the queued deliveries)"] = victim.Name,
            ["inventory.out events stored"] = expected,
            ["deliveries received before the kill"] = receivedBeforeKill,
            ["distinct deliveries received"] = receiver.Distinct,
            ["deliveries received more than once (allowed, same webhook-id)"] = receiver.Repeated,
            ["seconds from the kill until every delivery arrived (survivor alone)"] = arrivedSeconds,
            ["bound, s (a fixed allowance plus 2 x 30 ms per delivery owed at the kill)"] = Math.Round(bound.TotalSeconds),
            ["write answers"] = Stats.Histogram(load.Sent)
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
}
