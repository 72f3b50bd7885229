using Commerce.Api.Access;
using Commerce.Api.Customers;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Dealership;
using FastEndpoints;
using FluentValidation;
using Marten;
using Wolverine;

namespace Commerce.Api.Dealership;

/// <summary>
/// <c>PUT /v1/deals/{id}</c>: with <c>status: ganho</c> MarkDealWon (<c>value</c>: the final value, optional); with
/// <c>status: perdido</c> MarkDealLost (<c>loss_reason</c> required); otherwise the fields sent change.
/// </summary>
public sealed class UpdateDealRequest : ConditionalRequest
{
    public string Id { get; set; } = "";

    /// <summary><c>ganho</c> (won) or <c>perdido</c> (lost) close the deal; <c>ativo</c> or none changes it.</summary>
    public string? Status { get; set; }
    public decimal? Value { get; set; }
    public string? LossReason { get; set; }
    public string? Title { get; set; }
    public string? Phase { get; set; }
    public int? Probability { get; set; }
    public string? ClientId { get; set; }
    public string? VehicleId { get; set; }
    public string? StoreId { get; set; }
    public string? Source { get; set; }
    public List<string>? Tags { get; set; }
}

public sealed class UpdateDealValidator : Validator<UpdateDealRequest>
{
    public UpdateDealValidator()
    {
        Include(new IfMatchRules());
        RuleFor(x => x.Status).Must(s => s is null || DealStatuses.All.Contains(s)).WithMessage("status must be ativo, ganho (won) or perdido (lost).");
        RuleFor(x => x.LossReason).NotEmpty().When(x => x.Status == DealStatuses.Lost).WithMessage("loss_reason is required to mark a deal perdido.")
            .MaximumLength(500);
        RuleFor(x => x.Value).GreaterThanOrEqualTo(0).WithMessage("value must be 0 or more.");
        RuleFor(x => x.Title).CustomerName().OverridePropertyName("title");
        this.DealRules(x => x.Phase, x => x.Probability, x => x.Source, x => x.Tags);
    }
}

public static class ChangeDealHandler
{
    public static async Task<IReadOnlyList<WriteOutcome<Deal>>> Handle(
        CommandBatch<ChangeDeal> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var commands = batch.Commands.Select(c => c.Command).ToList();
        var references = await DealershipReads.ReferencesAsync(session, commands.Select(c => c.StoreId), commands.Select(c => c.ClientId),
            commands.Select(c => c.VehicleId), ct);
        return await session.DecideEachAsync<ChangeDeal, Deal>(batch, (deal, c, now) => DealershipDecisions.Decide(deal, c, references, now),
            Deal.Evolve, clock, ct);
    }
}

/// <summary>
/// Wins deals: a deal with a vehicle takes the vehicle's sale claim (one deal per vehicle, across nodes) and publishes
/// <see cref="MarkVehicleSold"/>, all in the transaction of <see cref="DealWon"/>.
/// </summary>
public static class MarkDealWonHandler
{
    public static async Task<IReadOnlyList<WriteOutcome<Deal>>> Handle(
        CommandBatch<MarkDealWon> batch, IDocumentSession session, IMessageContext bus, TimeProvider clock, CancellationToken ct)
    {
        var deals = new Dictionary<string, Deal>();
        foreach (var id in batch.Commands.Select(c => c.Command.DealId).Distinct())
            if (await session.Events.FetchLatest<Deal>(id, ct) is { } deal) deals[id] = deal;
        var vehicleIds = deals.Values.Select(d => d.Details.VehicleId).OfType<string>().ToList();
        var references = await DealershipReads.ReferencesAsync(session, [], [], vehicleIds, ct);
        var claims = await ClaimsStore.LoadAsync(session, vehicleIds.Select(Deal.SaleKey), ct);
        var outcomes = await session.DecideEachAsync<MarkDealWon, Deal>(batch,
            claims.Deciding<Deal, MarkDealWon>((deal, c, held, now) => DealershipDecisions.Decide(deal, c, references, held, now), Deal.Evolve, Deal.KeysOf),
            Deal.Evolve, clock, ct);
        foreach (var (_, written) in batch.Written(outcomes))
            if (written.Result.Details.VehicleId is { } vehicleId)
                await bus.PublishAsync(new MarkVehicleSold(vehicleId, written.Result.Id, written.Result.WonValue!.Value),
                    new DeliveryOptions { TenantId = session.TenantId });
        return outcomes;
    }
}

public static class MarkDealLostHandler
{
    public static Task<IReadOnlyList<WriteOutcome<Deal>>> Handle(
        CommandBatch<MarkDealLost> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        session.DecideEachAsync<MarkDealLost, Deal>(batch, DealershipDecisions.Decide, Deal.Evolve, clock, ct);
}

public sealed class UpdateDealEndpoint : CommandEndpoint<UpdateDealRequest, Envelope<DealResponse>>
{
    public override void Configure()
    {
        Put("deals/{id}");
        Policies(ApiScopes.Required(DealershipContext.UpdateDeals));
        Description(d => d.WithTags("Dealership")
            .WithSummary("Change a deal, or close it: status ganho (MarkDealWon, optional final value) or perdido (MarkDealLost, loss_reason required)")
            .Produces<Envelope<DealResponse>>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(UpdateDealRequest req, CancellationToken ct)
    {
        Envelope<DealResponse> Answer(WriteOutcome<Deal>.Written written) => Envelope<DealResponse>.Of(DealResponse.From(written.Result, written.Version));
        return req.Status switch
        {
            DealStatuses.Won => SendCommandAsync<MarkDealWon, Deal>(new MarkDealWon(req.Id, req.Value, req.ExpectedVersion()), Answer, ct),
            DealStatuses.Lost => SendCommandAsync<MarkDealLost, Deal>(new MarkDealLost(req.Id, req.LossReason!, req.ExpectedVersion()), Answer, ct),
            _ => SendCommandAsync<ChangeDeal, Deal>(new ChangeDeal(req.Id, req.Title?.Trim(), req.Value, req.Phase, req.Probability, req.ClientId,
                req.VehicleId, req.StoreId, req.Source, req.Tags, req.ExpectedVersion()), Answer, ct)
        };
    }
}
