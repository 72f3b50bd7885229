using Commerce.Api.Access;
using Commerce.Api.Http;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.History;

public sealed class GetHistoryRequest : PagedRequest
{
    public string Resource { get; set; } = "";
    public string Id { get; set; } = "";
}

public sealed class GetHistoryValidator : Validator<GetHistoryRequest>
{
    public GetHistoryValidator()
    {
        Include(new PagingRules());
        RuleFor(x => x.Id).NotEmpty().MaximumLength(200);
    }
}

public sealed record HistoryResponse(IReadOnlyList<EventRecord> Data, PageMeta Meta) : PagedList<EventRecord>(Data, Meta);

/// <summary><c>GET /v1/{resource}/{id}/history</c>: the record's events in order, with who and why.</summary>
public sealed class GetHistoryEndpoint(IQuerySession session) : Endpoint<GetHistoryRequest, HistoryResponse>
{
    public override void Configure()
    {
        Get("{resource}/{id}/history");
        Policies(ApiScopes.AnySecretKey);
        Description(d => d.ClearDefaultAccepts().WithTags("History").WithSummary("Events of one record, oldest first")
            .Produces<HistoryResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(GetHistoryRequest req, CancellationToken ct)
    {
        if (EventResources.Named(req.Resource) is not { } resource)
        {
            await Send.ResultAsync(Problems.For(HttpContext, 404, "not_found",
                $"No resource '{req.Resource}' keeps history. Resources: {string.Join(", ", EventResources.All.Select(r => r.Name))}."));
            return;
        }
        if (!User.HasScope(resource.ReadScope))
        {
            await Send.ResultAsync(Problems.For(HttpContext, 403, "forbidden", $"This API key lacks the '{resource.ReadScope}' scope."));
            return;
        }

        var streamKey = resource.StreamKeyOf(req.Id);
        var events = session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == streamKey && resource.EventTypeNames.Contains(e.EventTypeName));
        var total = await events.CountAsync(ct);
        if (total == 0)
        {
            await Send.ResultAsync(Problems.For(HttpContext, 404, "not_found", $"No {resource.Name} record '{req.Id}'."));
            return;
        }
        var page = await events.OrderBy(e => e.Version).Skip((req.PageNumber - 1) * req.PageSize).Take(req.PageSize).ToListAsync(ct);
        await Send.OkAsync(new HistoryResponse(page.Select(EventRecord.From).ToList(), PageMeta.Of(req, total)), ct);
    }
}
