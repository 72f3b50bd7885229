using Commerce.Api.Access;
using Commerce.Api.Customers;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Dealership;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Dealership;

public sealed class CreateDealRequest
{
    public string? Title { get; set; }

    /// <summary>BRL, 0 or more.</summary>
    public decimal? Value { get; set; }

    /// <summary>Where it starts in the pipeline (default <c>lead</c>).</summary>
    public string? Phase { get; set; }

    /// <summary>0 to 100.</summary>
    public int? Probability { get; set; }
    public string? ClientId { get; set; }

    /// <summary>The vehicle it sells, if any: winning the deal sells it.</summary>
    public string? VehicleId { get; set; }

    /// <summary>Defaults to the vehicle's store.</summary>
    public string? StoreId { get; set; }

    /// <summary>Where the lead came from, e.g. showroom, site, indicacao.</summary>
    public string? Source { get; set; }
    public List<string>? Tags { get; set; }
}

public sealed class CreateDealValidator : Validator<CreateDealRequest>
{
    public CreateDealValidator()
    {
        RuleFor(x => x.Title).NotEmpty().WithMessage("title is required.").CustomerName().OverridePropertyName("title");
        RuleFor(x => x.Value).NotNull().WithMessage("value is required.").GreaterThanOrEqualTo(0).WithMessage("value must be 0 or more.");
        RuleFor(x => x.ClientId).NotEmpty().WithMessage("client_id is required: the client the deal is with.");
        this.DealRules(x => x.Phase, x => x.Probability, x => x.Source, x => x.Tags);
    }
}

internal static class DealValidation
{
    public static void DealRules<T>(this AbstractValidator<T> validator, Func<T, string?> phase, Func<T, int?> probability, Func<T, string?> source,
        Func<T, List<string>?> tags)
    {
        validator.RuleFor(x => phase(x)).Must(p => p is null || DealPhases.All.Contains(p)).OverridePropertyName("phase")
            .WithMessage($"phase must be one of {string.Join(", ", DealPhases.All)} (the pipeline, in order).");
        validator.RuleFor(x => probability(x)).InclusiveBetween(0, 100).OverridePropertyName("probability").WithMessage("probability must be 0 to 100.");
        validator.RuleFor(x => source(x)).MaximumLength(50).OverridePropertyName("source").WithMessage("source is at most 50 characters.");
        validator.RuleFor(x => tags(x)).Must(t => t is null || t.Count <= 20 && t.All(tag => tag is { Length: > 0 and <= 40 })).OverridePropertyName("tags")
            .WithMessage("tags holds at most 20 tags of 1 to 40 characters.");
    }
}

public static class CreateDealHandler
{
    public static async Task<IReadOnlyList<WriteOutcome<Deal>>> Handle(
        CommandBatch<CreateDeal> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var details = batch.Commands.Select(c => c.Command.Details).ToList();
        var references = await DealershipReads.ReferencesAsync(session, details.Select(d => d.StoreId), details.Select(d => d.ClientId),
            details.Select(d => d.VehicleId), ct);
        return await session.DecideEachAsync<CreateDeal, Deal>(batch, (deal, c, now) => DealershipDecisions.Decide(deal, c, references, now),
            Deal.Evolve, clock, ct);
    }
}

public sealed class CreateDealEndpoint : CommandEndpoint<CreateDealRequest, Envelope<DealResponse>>
{
    public override void Configure()
    {
        Post("deals");
        Policies(ApiScopes.Required(DealershipContext.CreateDeals));
        Description(d => d.WithTags("Dealership").WithSummary("Create a deal (status ativo) with a client and maybe a vehicle")
            .Produces<Envelope<DealResponse>>(201).ProducesWriteProblems());
    }

    public override Task HandleAsync(CreateDealRequest req, CancellationToken ct) =>
        SendCommandAsync<CreateDeal, Deal>(
            new CreateDeal(Guid.CreateVersion7().ToString(), new DealDetails(req.Title!.Trim(), req.Value!.Value, req.Phase ?? DealPhases.All[0],
                req.Probability ?? 0, req.ClientId!, req.VehicleId, req.StoreId, req.Source, req.Tags ?? [])),
            written => Envelope<DealResponse>.Of(DealResponse.From(written.Result, written.Version)), ct, 201, d => $"/v1/deals/{d.Id}");
}

/// <summary>A deal as the seed shows it, with how it closed.</summary>
public sealed record DealResponse(
    string Id, string Title, decimal Value, string Phase, int Probability, string Status, string ClientId, string? VehicleId, string? StoreId,
    string? Source, IReadOnlyList<string> Tags, string? LossReason, DateTimeOffset? ClosedAt, long Version, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static DealResponse From(Deal deal, long version)
    {
        var d = deal.Details;
        return new(deal.Id, d.Title, deal.WonValue ?? d.Value, d.Phase, d.Probability, deal.Status, d.ClientId, d.VehicleId, d.StoreId, d.Source, d.Tags,
            deal.LossReason, deal.ClosedAt, version, deal.CreatedAt, deal.UpdatedAt);
    }
}
