using Commerce.Api.Access;
using Commerce.Api.Customers;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Domain.Dealership;
using Commerce.Projections.Customers;
using Commerce.Projections.Dealership;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Dealership;

public sealed class ListVehiclesRequest : PagedRequest
{
    /// <summary>ativo, inativo or vendido.</summary>
    public string? Status { get; set; }

    /// <summary>entrada, preparacao, disponivel or vendido.</summary>
    public string? Phase { get; set; }
    public string? Brand { get; set; }
    public string? StoreId { get; set; }
    public decimal? PriceMin { get; set; }
    public decimal? PriceMax { get; set; }

    /// <summary>Model year range.</summary>
    public int? YearMin { get; set; }
    public int? YearMax { get; set; }

    /// <summary>Wait until the list holds every write committed before this request (read your writes).</summary>
    public bool? Consistent { get; set; }
}

public sealed class ListVehiclesValidator : Validator<ListVehiclesRequest>
{
    public ListVehiclesValidator()
    {
        Include(new PagingRules());
        RuleFor(x => x.Status).Must(s => s is null || VehicleStatuses.All.Contains(s)).WithMessage($"status must be one of {string.Join(", ", VehicleStatuses.All)}.");
        RuleFor(x => x.Phase).Must(p => p is null || VehiclePhases.All.Contains(p)).WithMessage($"phase must be one of {string.Join(", ", VehiclePhases.All)}.");
        RuleFor(x => x.Brand).ShortText("brand", 60);
        RuleFor(x => x.PriceMax).GreaterThanOrEqualTo(x => x.PriceMin).When(x => x.PriceMin is not null).WithMessage("price_max must not be below price_min.");
        RuleFor(x => x.YearMax).GreaterThanOrEqualTo(x => x.YearMin).When(x => x.YearMin is not null).WithMessage("year_max must not be below year_min.");
    }
}

public sealed class ListVehiclesEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : Endpoint<ListVehiclesRequest, ListEnvelope<VehicleResponse>>
{
    public override void Configure()
    {
        Get("vehicles");
        Policies(ApiScopes.Required(DealershipContext.ReadDeals));
        Description(d => d.ClearDefaultAccepts().WithTags("Dealership")
            .WithSummary("Vehicles, newest first, with their client; filters: status, phase, brand, store_id, price_min/max, year_min/max")
            .Produces<ListEnvelope<VehicleResponse>>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListVehiclesRequest req, CancellationToken ct)
    {
        if (req.Consistent == true) await readYourWrites.CatchUpAsync(session, nameof(VehicleView), ct);
        // One round trip: the page and the total, which the vehicle counts by status, phase and store give in a few rows
        // unless the list filters by brand, price or year too (then the matches are counted).
        var batch = session.CreateBatchQuery();
        var vehicles = DealershipRegistration.VehicleCounts.Query(batch)
            .Equal(req.Status, "status", x => x.Status == req.Status)
            .Equal(req.Phase, "phase", x => x.Phase == req.Phase)
            .Equal(req.StoreId, "store_id", x => x.StoreId == req.StoreId);
        if (req.Brand is { } brand) vehicles.Where(x => x.Brand.Equals(brand, StringComparison.OrdinalIgnoreCase));
        if (req.PriceMin is { } priceMin) vehicles.Where(x => x.Price >= priceMin);
        if (req.PriceMax is { } priceMax) vehicles.Where(x => x.Price <= priceMax);
        if (req.YearMin is { } yearMin) vehicles.Where(x => x.YearModel >= yearMin);
        if (req.YearMax is { } yearMax) vehicles.Where(x => x.YearModel <= yearMax);
        var total = vehicles.TotalAsync(batch, session);
        var rows = vehicles.Query.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id)
            .Skip((req.PageNumber - 1) * req.PageSize).Take(req.PageSize).ToList();
        await batch.Execute(ct);
        var page = await rows;
        var clients = await ClientsOfAsync(session, page.Select(v => v.State), ct);
        await Send.OkAsync(new ListEnvelope<VehicleResponse>(true,
            page.Select(v => VehicleResponse.From(v.State, v.State.ClientId is { } id ? clients.GetValueOrDefault(id) : null)).ToList(),
            SeedPagination.Of(req, await total)), ct);
    }

    /// <summary>The page's clients, read in one query, as the seed embeds them (id and name).</summary>
    public static async Task<IReadOnlyDictionary<string, VehicleClient>> ClientsOfAsync(IQuerySession session, IEnumerable<Vehicle> vehicles, CancellationToken ct)
    {
        var ids = vehicles.Select(v => v.ClientId).OfType<string>().Distinct().ToArray();
        if (ids.Length == 0) return new Dictionary<string, VehicleClient>();
        var found = await session.LoadManyAsync<CustomerView>(ct, ids);
        return found.ToDictionary(c => c.Id, c => new VehicleClient(c.Id, c.State.Details.Name));
    }
}

public sealed class GetVehicleEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : RecordEndpoint<RecordByIdRequest, Envelope<VehicleResponse>>
{
    public override void Configure()
    {
        Get("vehicles/{id}");
        Policies(ApiScopes.Required(DealershipContext.ReadDeals));
        Description(d => d.ClearDefaultAccepts().WithTags("Dealership").WithSummary("One vehicle with its client")
            .Produces<Envelope<VehicleResponse>>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(RecordByIdRequest req, CancellationToken ct)
    {
        var found = await session.FindAsync(readYourWrites, req.Id, new VehicleViewProjection(), v => v.Version, req, $"Vehicle {req.Id} does not exist.", ct);
        var clients = found.View is { } view ? await ListVehiclesEndpoint.ClientsOfAsync(session, [view.State], ct) : new Dictionary<string, VehicleClient>();
        await SendRecordAsync(found, v => v.Version,
            v => Envelope<VehicleResponse>.Of(VehicleResponse.From(v.State, v.State.ClientId is { } id ? clients.GetValueOrDefault(id) : null)), ct);
    }
}
