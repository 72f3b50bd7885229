using Commerce.Api.Access;
using Commerce.Api.Hosting;
using Commerce.Api.Http;
using FastEndpoints;

namespace Commerce.Api.Admin;

public sealed record ProjectionsAdminResponse(
    string Node, string Role, long HighWaterMark, long MaxLag, IReadOnlyList<ShardStatus> Shards, long DeadLetters,
    IReadOnlyList<DeadLetter> RecentDeadLetters);

/// <summary>
/// <c>GET /v1/admin/projections</c> (scope <c>admin</c>): the async projections as this node sees them, and the events the
/// daemon skipped for the caller's tenant because a projection threw on them (skip + dead-letter policy).
/// </summary>
public sealed class ProjectionsAdminEndpoint(ProjectionStatusReader reader) : EndpointWithoutRequest<ProjectionsAdminResponse>
{
    public override void Configure()
    {
        Get("admin/projections");
        Policies(ApiScopes.Required(ApiScopes.Admin));
        Description(d => d.ClearDefaultAccepts().WithTags("Admin").WithSummary("Async projection status and dead letters")
            .Produces<ProjectionsAdminResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var status = await reader.ReadAsync(ct);
        var letters = await reader.DeadLettersAsync(User.TenantId(), 20, ct);
        await Send.OkAsync(new ProjectionsAdminResponse(status.Node, status.Role, status.HighWaterMark, status.MaxLag, status.Shards,
            status.DeadLetters, letters), ct);
    }
}
