using System.Diagnostics;

namespace Commerce.Faults;

/// <summary>
/// What the scenarios share: three nodes of the published API (node-1 and node-2 run between scenarios; a scenario that
/// starts node-3 or stops one of the others puts them back), the suite's database, and the steps scenarios take on them.
/// </summary>
public sealed class Cluster(Settings settings, Database db)
{
    public static readonly TimeSpan Startup = TimeSpan.FromMinutes(2);

    public Settings Settings => settings;
    public Database Db => db;
    public Node[] Nodes { get; } = settings.NodePorts.Select((port, i) => new Node($"node-{i + 1}", port, settings)).ToArray();

    /// <summary>The two nodes that run between scenarios.</summary>
    public Node[] Pair => Nodes[..2];

    /// <summary>How long load runs before a fault, and again after it.</summary>
    public TimeSpan Phase => TimeSpan.FromSeconds(settings.Quick ? 3 : 10);

    /// <summary>An API key of the tenant, with every scope, from the published build's <c>keys create</c>.</summary>
    public async Task<string> KeyAsync(string tenant)
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
    public static async Task WarmAsync(string key, IEnumerable<Node> nodes)
    {
        foreach (var node in nodes)
            if (!await Wait.UntilAsync(async () => await WriteLoad.PatchAsync(node, key, "WARM-UP", "{\"adjust\":1}") == 200, TimeSpan.FromSeconds(60)))
                throw new TimeoutException($"{node.Name} does not take writes");
    }

    /// <summary>The running node that says it leads the projections, once one does (null after 30 s).</summary>
    public static async Task<Node?> LeaderAsync(IEnumerable<Node> nodes)
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

    /// <summary>
    /// Called once the old leader no longer leads (it exited or stepped down): seconds until a candidate says it leads
    /// and projection progress then moves past where it stood (so the move is the new leadership's work, not the last
    /// batch of the old one) while writes go on, and that leader.
    /// </summary>
    public async Task<(double? Seconds, string? Leader)> ProjectionsResumeAsync(Node[] candidates)
    {
        var watch = Stopwatch.StartNew();
        var leader = await LeaderAsync(candidates);
        var before = await db.ProjectionProgressAsync();
        var moved = await Wait.UntilAsync(async () => await db.ProjectionProgressAsync() > before, TimeSpan.FromSeconds(90), poll: 100);
        var seconds = moved ? watch.Elapsed.TotalSeconds : (double?)null;
        return (seconds, leader?.Name);
    }
}
