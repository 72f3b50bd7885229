using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Dealership;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Dealership;

public sealed class RegisterVehicleRequest : VehicleFields;

public sealed class RegisterVehicleValidator : Validator<RegisterVehicleRequest>
{
    public RegisterVehicleValidator(TimeProvider clock)
    {
        Include(new VehicleFieldRules(clock));
        RuleFor(x => x.Title).NotEmpty().WithMessage("title is required.");
        RuleFor(x => x.StoreId).NotEmpty().WithMessage("store_id is required: the id of one of your stores (GET /v1/stores).");
        RuleFor(x => x.Brand).NotEmpty().WithMessage("brand is required.");
        RuleFor(x => x.Model).NotEmpty().WithMessage("model is required.");
    }
}

/// <summary>Registers vehicles, checking their store and client exist and taking their plates, in one transaction.</summary>
public static class RegisterVehicleHandler
{
    public static async Task<IReadOnlyList<WriteOutcome<Vehicle>>> Handle(
        CommandBatch<RegisterVehicle> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var commands = batch.Commands.Select(c => c.Command).ToList();
        var references = await DealershipReads.ReferencesAsync(session, commands.Select(c => c.StoreId), commands.Select(c => c.ClientId), [], ct);
        var claims = await ClaimsStore.LoadAsync(session, commands.Where(c => c.Details.Plate is not null).Select(c => Plates.Key(c.Details.Plate!)), ct);
        return await session.DecideEachAsync<RegisterVehicle, Vehicle>(batch,
            claims.Deciding<Vehicle, RegisterVehicle>((v, c, held, now) => DealershipDecisions.Decide(v, c, references, held, now), Vehicle.Evolve,
                Plates.KeysOf),
            Vehicle.Evolve, clock, ct);
    }
}

public sealed class RegisterVehicleEndpoint : CommandEndpoint<RegisterVehicleRequest, Envelope<VehicleResponse>>
{
    public override void Configure()
    {
        Post("vehicles");
        Policies(ApiScopes.Required(DealershipContext.CreateDeals));
        Description(d => d.WithTags("Dealership").WithSummary("Register a vehicle in a store's stock (phase entrada, status ativo)")
            .Produces<Envelope<VehicleResponse>>(201).ProducesWriteProblems());
    }

    public override Task HandleAsync(RegisterVehicleRequest req, CancellationToken ct) =>
        SendCommandAsync<RegisterVehicle, Vehicle>(
            new RegisterVehicle(Guid.CreateVersion7().ToString(),
                new VehicleDetails(req.Title!.Trim(), req.Brand!, req.Model!, req.Version, req.YearModel, req.YearManufacture, req.Price, req.PurchasePrice,
                    req.Mileage, req.Color, req.Fuel, req.Transmission, req.Plate),
                req.StoreId!, req.ClientId),
            written => Envelope<VehicleResponse>.Of(VehicleResponse.From(written.Result)), ct, 201, v => $"/v1/vehicles/{v.Id}");
}
