using Commerce.Api.Access;
using Commerce.Api.Hosting;
using Commerce.Api.Http;
using Commerce.Projections;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Admin;

public sealed record ProjectionStatusResponse(
    string Name, string Shard, string Status, long LastProcessedSequence, long HighWaterMark, long LagEvents, double LagSeconds, bool Rebuildable);

public sealed record ProjectionListResponse(
    IReadOnlyList<ProjectionStatusResponse> Data, string Node, string Role, long HighWaterMark, long DeadLetters,
    IReadOnlyList<DeadLetter> RecentDeadLetters);

/// <summary>
/// <c>GET /v1/admin/projections</c>: every projection and subscription with its progress and lag, this node's role,
/// and the events the daemon skipped for the caller's tenant (skip + dead-letter policy). Operator level: projections
/// span all tenants, so this needs the <c>admin</c> scope.
/// </summary>
public sealed class ListProjectionsEndpoint(IDocumentStore store, ProjectionStatusReader reader, ProjectionRebuilds rebuilds, TimeProvider clock)
    : EndpointWithoutRequest<ProjectionListResponse>
{
    public override void Configure()
    {
        Get("admin/projections");
        Policies(ApiScopes.Required(ApiScopes.Admin));
        Description(d => d.ClearDefaultAccepts().WithTags("Admin").WithSummary("Projection status, lag and dead letters")
            .Produces<ProjectionListResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var status = await reader.ReadAsync(ct);
        var now = clock.GetUtcNow();
        var projections = new List<ProjectionStatusResponse>();
        foreach (var shard in status.Shards)
        {
            var name = shard.Name.Split(':')[0];
            var state = rebuilds.IsRebuilding(name) ? "rebuilding" : shard.RunningHere?.ToLowerInvariant() ?? "on_another_node";
            projections.Add(new ProjectionStatusResponse(name, shard.Name, state, shard.Sequence, status.HighWaterMark, shard.Lag,
                shard.Lag == 0 ? 0 : await SecondsBehindAsync(shard.Sequence, now, ct), rebuilds.Names.Contains(name)));
        }
        var letters = await reader.DeadLettersAsync(User.TenantId(), 20, ct);
        await Send.OkAsync(new ProjectionListResponse(projections, status.Node, status.Role, status.HighWaterMark, status.DeadLetters, letters), ct);
    }

    // Age of the oldest event the shard has not processed yet.
    private async Task<double> SecondsBehindAsync(long processed, DateTimeOffset now, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var next = await session.Events.QueryAllRawEvents().Where(e => e.AnyTenant() && e.Sequence > processed)
            .OrderBy(e => e.Sequence).Select(e => e.Timestamp).Inlined().FirstOrDefaultAsync(ct);
        return next == default ? 0 : Math.Round(Math.Max(0, (now - next).TotalSeconds), 3);
    }
}
