using System.Linq.Expressions;
using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Projections;
using FastEndpoints;
using FluentValidation;
using IEvent = JasperFx.Events.IEvent;
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

        // The total is the stream's version, read in one row: every event of a stream is its resource's (each event type
        // implements its stream's marker) and none is ever removed, so a stream of version N holds N events, numbered 1..N.
        // A page is then a range of versions, read through the stream's (stream, version) index at any depth. The event
        // types still filter: a stream key can name another resource's record (an order id sent as a SKU), which is not
        // this resource's to show.
        var streamKey = resource.StreamKeyOf(req.Id);
        Expression<Func<IEvent, bool>> ofRecord = e => e.StreamKey == streamKey && resource.EventTypeNames.Contains(e.EventTypeName);
        var first = (long)(req.PageNumber - 1) * req.PageSize + 1;
        // The stream's state and the page in one round trip. From the first version on, as many as a page holds, rather
        // than the page's range of versions: PostgreSQL estimates a version range on any stream as common (every stream
        // has versions 1..N) and plans a parallel scan of the stream for twenty rows; with a limit it walks the
        // (stream, version) index and stops.
        var batch = session.CreateBatchQuery();
        var streamState = batch.Events.FetchStreamState(streamKey);
        var pageRows = batch.Query<IEvent>().Filter(ofRecord).Filter(e => e.Version >= first).OrderBy(e => e.Version).Take(req.PageSize).ToList();
        await batch.Execute(ct);
        var (stream, page) = (await streamState, await pageRows);
        // A page past the end holds no event to tell whose the stream is: its first one does.
        if (stream is null || (page.Count == 0
                && (first <= stream.Version || !await session.Events.QueryAllRawEvents().Where(ofRecord).Inlined().AnyAsync(e => e.Version == 1, ct))))
        {
            await Send.ResultAsync(Problems.For(HttpContext, 404, "not_found", $"No {resource.Name} record '{req.Id}'."));
            return;
        }
        await Send.OkAsync(new HistoryResponse(page.Select(EventRecord.From).ToList(), PageMeta.Of(req, stream.Version)), ct);
    }
}
