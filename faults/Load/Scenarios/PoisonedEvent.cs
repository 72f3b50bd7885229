using System.Diagnostics;
using System.Text.Json;

namespace Commerce.Faults.Scenarios;

/// <summary>A projection throws on one poisoned event: it is skipped and dead-lettered, and projecting goes on.</summary>
public sealed class PoisonedEvent(Cluster cluster) : IScenario
{
    public async Task<ScenarioResult> RunAsync()
    {
        var key = await cluster.KeyAsync("poison");
        var node = cluster.Nodes[0];
        await Cluster.WarmAsync(key, [node]);
        foreach (var sku in new[] { "P-1", "P-2" })
            if (await WriteLoad.PatchAsync(node, key, sku, "{\"adjust\":5}") != 200) throw new InvalidOperationException($"could not create {sku}");
        await cluster.Db.AppendPoisonAsync("poison", "P-1");
        var poisonedAt = Stopwatch.StartNew();
        var afterPoison = await WriteLoad.PatchAsync(node, key, "P-1", "{\"quantity\":50}");
        var other = await WriteLoad.PatchAsync(node, key, "P-2", "{\"adjust\":7}");

        JsonElement admin = default;
        var seen = await Wait.UntilAsync(async () =>
        {
            var (status, body) = await WriteLoad.GetAsync(node, key, "/v1/admin/projections");
            if (status != 200) return false;
            admin = JsonDocument.Parse(body).RootElement.Clone();
            return admin.GetProperty("recent_dead_letters").GetArrayLength() > 0;
        }, TimeSpan.FromSeconds(60));
        var deadLetterSeconds = poisonedAt.Elapsed.TotalSeconds;
        Dictionary<string, long> totals = [];
        await Wait.UntilAsync(async () =>
        {
            totals = await cluster.Db.ReadModelTotalsAsync("poison");
            return totals.GetValueOrDefault("P-1") == 50 && totals.GetValueOrDefault("P-2") == 12;
        }, TimeSpan.FromSeconds(60));
        var logDir = cluster.Settings.LogDir;
        var logged = cluster.Nodes.Any(n => File.Exists(Path.Combine(logDir, $"{n.Name}.log"))
            && File.ReadAllText(Path.Combine(logDir, $"{n.Name}.log")).Contains("stock is never negative"));
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
}
