using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Dealership;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Dealership;

/// <summary>The fields sent change, the others stay; <c>phase</c> moves forward, <c>status</c> is <c>ativo</c> or <c>inativo</c>.</summary>
public sealed class ChangeVehicleRequest : VehicleFields
{
    public string Id { get; set; } = "";
    public string? Phase { get; set; }
    public string? Status { get; set; }

    [FromHeader("If-Match", isRequired: false)]
    public string? IfMatch { get; set; }
}

public sealed class ChangeVehicleValidator : Validator<ChangeVehicleRequest>
{
    public ChangeVehicleValidator(TimeProvider clock)
    {
        Include(new VehicleFieldRules(clock));
        RuleFor(x => x.IfMatch).Matches(ETags.IfMatchPattern).When(x => x.IfMatch is not null).WithMessage(ETags.IfMatchMessage);
        RuleFor(x => x.Phase).Must(p => p is null || VehiclePhases.All.Contains(p)).WithMessage($"phase must be one of {string.Join(", ", VehiclePhases.All)}.");
        RuleFor(x => x.Status).Must(s => s is null || VehicleStatuses.All.Contains(s)).WithMessage($"status must be one of {string.Join(", ", VehicleStatuses.All)}.");
    }
}

public static class ChangeVehicleHandler
{
    public static async Task<IReadOnlyList<WriteOutcome<Vehicle>>> Handle(
        CommandBatch<ChangeVehicle> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var commands = batch.Commands.Select(c => c.Command).ToList();
        var references = await DealershipReads.ReferencesAsync(session, commands.Select(c => c.StoreId), commands.Select(c => c.ClientId), [], ct);
        var claims = await ClaimsStore.LoadAsync(session, commands.Where(c => c.Plate is not null).Select(c => Plates.Key(c.Plate!)), ct);
        return await session.DecideEachAsync<ChangeVehicle, Vehicle>(batch,
            claims.Deciding<Vehicle, ChangeVehicle>((v, c, held, now) => DealershipDecisions.Decide(v, c, references, held, now), Vehicle.Evolve,
                Plates.KeysOf),
            Vehicle.Evolve, clock, ct);
    }
}

/// <summary><c>PUT</c> and <c>PATCH</c> alike: the seed's client updates with a partial PUT.</summary>
public sealed class ChangeVehicleEndpoint : CommandEndpoint<ChangeVehicleRequest, Envelope<VehicleResponse>>
{
    public override void Configure()
    {
        Verbs(FastEndpoints.Http.PUT, FastEndpoints.Http.PATCH);
        Routes("vehicles/{id}");
        Policies(ApiScopes.Required(DealershipContext.UpdateDeals));
        Description(d => d.WithTags("Dealership").WithSummary("Change a vehicle: the fields sent, its phase (forward) or status (ativo, inativo)")
            .Produces<Envelope<VehicleResponse>>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(ChangeVehicleRequest req, CancellationToken ct) =>
        SendCommandAsync<ChangeVehicle, Vehicle>(
            new ChangeVehicle(req.Id, req.Title?.Trim(), req.Brand, req.Model, req.Version, req.YearModel, req.YearManufacture, req.Price,
                req.PurchasePrice, req.Mileage, req.Color, req.Fuel, req.Transmission, req.Plate, req.StoreId, req.ClientId, req.Phase, req.Status,
                ETags.ToVersion(req.IfMatch)),
            written => Envelope<VehicleResponse>.Of(VehicleResponse.From(written.Result)), ct);
}
