using Commerce.Api.Access;
using Commerce.Api.Http;
using FastEndpoints;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Daemon.Coordination;

namespace Commerce.Api.Admin;

public sealed record ProjectionStatus(
    string Name, string Shard, string Status, long LastProcessedSequence, long HighWaterMark, long LagEvents, double LagSeconds,
    bool Rebuildable, string? Error);

public sealed record ProjectionListResponse(IReadOnlyList<ProjectionStatus> Data, long HighWaterMark, string Node);

/// <summary>
/// <c>GET /v1/admin/projections</c>: every projection and subscription with its progress and lag. Operator level:
/// projections span all tenants, so this needs the <c>admin</c> scope.
/// </summary>
public sealed class ListProjectionsEndpoint(IDocumentStore store, IProjectionCoordinator coordinator, ProjectionRebuilds rebuilds, TimeProvider clock)
    : EndpointWithoutRequest<ProjectionListResponse>
{
    public override void Configure()
    {
        Get("admin/projections");
        Policies(ApiScopes.Required(ApiScopes.Admin));
        Description(d => d.WithTags("Admin").WithSummary("Projection and subscription status").Produces<ProjectionListResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        var highWater = progress.FirstOrDefault(s => s.ShardName == ShardState.HighWaterMark)?.Sequence ?? 0;
        var agents = coordinator.DaemonForMainDatabase().CurrentAgents().ToDictionary(a => a.Name.Identity);
        var now = clock.GetUtcNow();

        var shards = new List<ProjectionStatus>();
        foreach (var shard in progress.Where(s => s.ShardName != ShardState.HighWaterMark).OrderBy(s => s.ShardName))
        {
            var name = shard.ShardName.Split(':')[0];
            var lag = Math.Max(0, highWater - shard.Sequence);
            var agent = agents.GetValueOrDefault(shard.ShardName);
            var status = rebuilds.IsRebuilding(name) ? "rebuilding" : agent?.Status.ToString().ToLowerInvariant() ?? "on_another_node";
            shards.Add(new ProjectionStatus(name, shard.ShardName, status, shard.Sequence, highWater, lag,
                lag == 0 ? 0 : await SecondsBehindAsync(shard.Sequence, now, ct), ProjectionRebuilds.Names.Contains(name),
                agent?.Failure?.Message ?? shard.Exception?.Message));
        }
        await Send.OkAsync(new ProjectionListResponse(shards, highWater, Environment.MachineName), ct);
    }

    // Age of the oldest event the shard has not processed yet.
    private async Task<double> SecondsBehindAsync(long processed, DateTimeOffset now, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var next = await session.Events.QueryAllRawEvents().Where(e => e.AnyTenant() && e.Sequence > processed)
            .OrderBy(e => e.Sequence).Select(e => e.Timestamp).FirstOrDefaultAsync(ct);
        return next == default ? 0 : Math.Round(Math.Max(0, (now - next).TotalSeconds), 3);
    }
}
