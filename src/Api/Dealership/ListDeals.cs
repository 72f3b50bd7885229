using Commerce.Api.Access;
using Commerce.Api.Customers;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Domain.Dealership;
using Commerce.Projections.Dealership;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Dealership;

public sealed class ListDealsRequest : PagedRequest
{
    /// <summary>ativo, ganho or perdido.</summary>
    public string? Status { get; set; }
    public string? Phase { get; set; }

    /// <summary>Wait until the list holds every write committed before this request (read your writes).</summary>
    public bool? Consistent { get; set; }
}

public sealed class ListDealsValidator : Validator<ListDealsRequest>
{
    public ListDealsValidator()
    {
        Include(new PagingRules());
        RuleFor(x => x.Status).Must(s => s is null || DealStatuses.All.Contains(s)).WithMessage("status must be ativo, ganho or perdido.");
        RuleFor(x => x.Phase).Must(p => p is null || DealPhases.All.Contains(p)).WithMessage($"phase must be one of {string.Join(", ", DealPhases.All)}.");
    }
}

public sealed class ListDealsEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : Endpoint<ListDealsRequest, ListEnvelope<DealResponse>>
{
    public override void Configure()
    {
        Get("deals");
        Policies(ApiScopes.Required(DealershipContext.ReadDeals));
        Description(d => d.ClearDefaultAccepts().WithTags("Dealership").WithSummary("Deals, newest first; filters: status, phase")
            .Produces<ListEnvelope<DealResponse>>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListDealsRequest req, CancellationToken ct)
    {
        if (req.Consistent == true) await readYourWrites.CatchUpAsync(session, nameof(DealView), ct);
        // One round trip: the page and the total, from the deal counts by status and phase.
        var batch = session.CreateBatchQuery();
        var deals = DealershipRegistration.DealCounts.Query(batch)
            .Equal(req.Status, "status", x => x.Status == req.Status)
            .Equal(req.Phase, "phase", x => x.Phase == req.Phase);
        var total = deals.TotalAsync(batch, session);
        var page = deals.Query.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id)
            .Skip((req.PageNumber - 1) * req.PageSize).Take(req.PageSize).ToList();
        await batch.Execute(ct);
        await Send.OkAsync(new ListEnvelope<DealResponse>(true, (await page).Select(v => DealResponse.From(v.State, v.Version)).ToList(),
            SeedPagination.Of(req, await total)), ct);
    }
}

public sealed class GetDealEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : RecordEndpoint<RecordByIdRequest, Envelope<DealResponse>>
{
    public override void Configure()
    {
        Get("deals/{id}");
        Policies(ApiScopes.Required(DealershipContext.ReadDeals));
        Description(d => d.ClearDefaultAccepts().WithTags("Dealership").WithSummary("One deal").Produces<Envelope<DealResponse>>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(RecordByIdRequest req, CancellationToken ct) => await SendRecordAsync(
        await session.FindAsync(readYourWrites, req.Id, new DealViewProjection(), v => v.Version, req, $"Deal {req.Id} does not exist.", ct),
        v => v.Version, v => Envelope<DealResponse>.Of(DealResponse.From(v.State, v.Version)), ct);
}
