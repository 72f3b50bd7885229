using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using JasperFx;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;
using Marten.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Commerce.Api.Hosting;

/// <summary>One async projection shard as the database and this node see it.</summary>
public sealed record ShardStatus(string Name, long Sequence, long Lag, string? RunningHere);

/// <summary>A projection event the daemon skipped because the projection threw on it (Marten's dead-letter storage).</summary>
public sealed record DeadLetter(string Projection, string Shard, long EventSequence, string? TenantId, string ExceptionType, string Message, DateTimeOffset At);

/// <summary>
/// Async projections seen from one node. <see cref="Role"/>: <c>leader</c> when this node's daemon runs the
/// projections (exactly one node at a time, <see cref="ProjectionLeadership"/>), <c>standby</c> otherwise.
/// </summary>
public sealed record ProjectionStatus(string Node, string Role, long HighWaterMark, IReadOnlyList<ShardStatus> Shards, long DeadLetters)
{
    public long MaxLag => Shards.Count == 0 ? 0 : Shards.Max(s => s.Lag);
}

/// <summary>Reads projection progress from the database (valid on every node) and this node's daemon agents.</summary>
public sealed class ProjectionStatusReader(IDocumentStore store, IServiceProvider services, NodeIdentity node)
{
    public async Task<ProjectionStatus> ReadAsync(CancellationToken ct)
    {
        var daemon = services.GetService<IProjectionCoordinator>()?.DaemonForMainDatabase();
        var agents = daemon is { IsRunning: true }
            ? daemon.CurrentAgents().ToDictionary(a => a.Name.Identity, a => a.Status.ToString())
            : [];
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        var highWater = progress.FirstOrDefault(p => p.ShardName == ShardState.HighWaterMark)?.Sequence ?? 0;
        var shards = progress.Where(p => p.ShardName != ShardState.HighWaterMark)
            .OrderBy(p => p.ShardName)
            .Select(p => new ShardStatus(p.ShardName, p.Sequence, Math.Max(0, highWater - p.Sequence), agents.GetValueOrDefault(p.ShardName)))
            .ToList();
        var deadLetters = store.Storage.Database is MartenDatabase database
            ? (await database.FetchDeadLetterCountsAsync(ct)).Sum(c => c.Count)
            : 0;
        var role = agents.Values.Any(s => s == nameof(AgentStatus.Running)) ? "leader" : "standby";
        return new ProjectionStatus(node.Name, role, highWater, shards, deadLetters);
    }

    /// <summary>The newest skipped events of one tenant, over every async projection.</summary>
    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(string tenantId, int limit, CancellationToken ct)
    {
        if (store.Storage.Database is not MartenDatabase database) return [];
        var found = new List<DeadLetter>();
        foreach (var shard in (await database.FetchDeadLetterCountsAsync(tenantId, ct)).Where(c => c.Count > 0))
        {
            var letters = await database.QueryDeadLetterEventsAsync(ShardName.Compose(shard.ProjectionName, shard.ShardKey), tenantId, 0, limit, ct);
            found.AddRange(letters.Select(d => new DeadLetter(d.ProjectionName, d.ShardName, d.EventSequence, d.TenantId, d.ExceptionType,
                d.ExceptionMessage, d.Timestamp)));
        }
        return found.OrderByDescending(d => d.EventSequence).Take(limit).ToList();
    }
}

/// <summary>
/// Part of <c>/health/ready</c> that never takes a node out of the load balancer (every node would go out together):
/// Healthy, or Degraded (still HTTP 200) when a shard this node runs is paused or the projections lag more than
/// <c>Commerce:Projections:MaxLag</c> events. The data shows role, high-water mark, lag per shard and dead letters.
/// </summary>
internal sealed class ProjectionHealth(ProjectionStatusReader reader, TimeBoundsOptions bounds, IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(bounds.Ready);
            var status = await reader.ReadAsync(timeout.Token);
            var data = new Dictionary<string, object>
            {
                ["role"] = status.Role,
                ["high_water_mark"] = status.HighWaterMark,
                ["max_lag"] = status.MaxLag,
                ["dead_letters"] = status.DeadLetters,
                ["shards"] = status.Shards
            };
            var maxLag = configuration.GetValue("Commerce:Projections:MaxLag", 10_000L);
            var paused = status.Shards.Where(s => s.RunningHere is { } st && st != nameof(AgentStatus.Running)).Select(s => s.Name).ToList();
            if (paused.Count > 0)
                return HealthCheckResult.Degraded($"Shards not running on this leader: {string.Join(", ", paused)}.", data: data);
            if (status.MaxLag > maxLag)
                return HealthCheckResult.Degraded($"Projections are {status.MaxLag} events behind (limit {maxLag}).", data: data);
            return HealthCheckResult.Healthy($"{status.Role}; projections {status.MaxLag} events behind.", data);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Degraded("Projection progress unknown: the database does not answer.", e);
        }
    }
}
