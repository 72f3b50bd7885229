using Commerce.Api.Access;
using Commerce.Api.Customers;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Projections.Dealership;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Dealership;

public sealed class ListStoresRequest : PagedRequest
{
    /// <summary>Wait until the list holds every write committed before this request (read your writes).</summary>
    public bool? Consistent { get; set; }
}

public sealed class ListStoresValidator : Validator<ListStoresRequest>
{
    public ListStoresValidator() => Include(new PagingRules());
}

public sealed class ListStoresEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : Endpoint<ListStoresRequest, ListEnvelope<StoreResponse>>
{
    public override void Configure()
    {
        Get("stores");
        Policies(ApiScopes.Required(DealershipContext.ReadDeals));
        Description(d => d.ClearDefaultAccepts().WithTags("Dealership").WithSummary("The tenant's stores, oldest first")
            .Produces<ListEnvelope<StoreResponse>>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListStoresRequest req, CancellationToken ct)
    {
        if (req.Consistent == true) await readYourWrites.CatchUpAsync(session, nameof(StoreView), ct);
        var all = session.Query<StoreView>();
        var total = await all.CountAsync(ct);
        var page = await all.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).Skip((req.PageNumber - 1) * req.PageSize).Take(req.PageSize).ToListAsync(ct);
        await Send.OkAsync(new ListEnvelope<StoreResponse>(true, page.Select(v => StoreResponse.From(v.State)).ToList(), SeedPagination.Of(req, total)), ct);
    }
}

public sealed class GetStoreEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : RecordEndpoint<RecordByIdRequest, Envelope<StoreResponse>>
{
    public override void Configure()
    {
        Get("stores/{id}");
        Policies(ApiScopes.Required(DealershipContext.ReadDeals));
        Description(d => d.ClearDefaultAccepts().WithTags("Dealership").WithSummary("One store").Produces<Envelope<StoreResponse>>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(RecordByIdRequest req, CancellationToken ct) => await SendRecordAsync(
        await session.FindAsync(readYourWrites, req.Id, new StoreViewProjection(), v => v.Version, req, $"Store {req.Id} does not exist.", ct),
        v => v.Version, v => Envelope<StoreResponse>.Of(StoreResponse.From(v.State)), ct);
}
