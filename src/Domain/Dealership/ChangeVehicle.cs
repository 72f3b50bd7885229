using Commerce.Domain.Common;

namespace Commerce.Domain.Dealership;

/// <summary>
/// <c>PUT</c> or <c>PATCH /v1/vehicles/{id}</c>: the fields sent replace the current ones, a null leaves one as it is
/// (the seed's client PUTs partial bodies). <see cref="Phase"/> moves forward only; <see cref="Status"/> is
/// <c>ativo</c> or <c>inativo</c>.
/// </summary>
public sealed record ChangeVehicle(
    string VehicleId, string? Title, string? Brand, string? Model, string? Version, int? YearModel, int? YearManufacture, decimal? Price,
    decimal? PurchasePrice, int? Mileage, string? Color, string? Fuel, string? Transmission, string? Plate, string? StoreId, string? ClientId,
    string? Phase, string? Status, long? ExpectedVersion = null) : IStreamCommand
{
    public string StreamId => VehicleId;

    public VehicleDetails Over(VehicleDetails d) => new(
        Title ?? d.Title, Brand ?? d.Brand, Model ?? d.Model, Version ?? d.Version, YearModel ?? d.YearModel, YearManufacture ?? d.YearManufacture,
        Price ?? d.Price, PurchasePrice ?? d.PurchasePrice, Mileage ?? d.Mileage, Color ?? d.Color, Fuel ?? d.Fuel, Transmission ?? d.Transmission,
        Plate is null ? d.Plate : Plates.Normalize(Plate));
}

public static partial class DealershipDecisions
{
    public static Decision Decide(Vehicle? vehicle, ChangeVehicle command, DealershipReferences references, UniqueClaims claims, DateTimeOffset now)
    {
        if (vehicle is null) return NotFound("Vehicle", command.VehicleId);
        if (vehicle.Status == VehicleStatuses.Sold)
            return Decision.Reject(ErrorKind.Conflict, "vehicle_sold", $"Vehicle {vehicle.Id} was sold by deal {vehicle.SoldByDeal}; it can no longer change.");
        var details = command.Over(vehicle.Details);
        var storeId = command.StoreId ?? vehicle.StoreId;
        var clientId = command.ClientId ?? vehicle.ClientId;
        if (VehicleProblem(vehicle.Id, details, command.StoreId, NewClient(command.ClientId, vehicle.ClientId), references, claims) is { } problem) return Rejected(problem);

        var events = new List<IDomainEvent>();
        if (details != vehicle.Details || storeId != vehicle.StoreId || clientId != vehicle.ClientId)
            events.Add(new VehicleChanged(vehicle.Id, details, storeId, clientId, now));
        if (command.Phase is { } phase && phase != vehicle.Phase)
        {
            if (phase == VehiclePhases.Sold || VehiclePhases.Rank(phase) < VehiclePhases.Rank(vehicle.Phase))
                return Decision.Reject(ErrorKind.Conflict, "invalid_phase_transition", phase == VehiclePhases.Sold
                    ? "Only a won deal sells a vehicle: mark its deal won (PUT /v1/deals/{id} with status ganho)."
                    : $"A vehicle's phase moves forward only ({string.Join(" → ", VehiclePhases.All)}); it is {vehicle.Phase}, not back to {phase}.");
            events.Add(new VehiclePhaseChanged(vehicle.Id, phase, now));
        }
        if (command.Status is { } status && status != vehicle.Status)
        {
            if (status == VehicleStatuses.Sold)
                return Decision.Reject(ErrorKind.Conflict, "invalid_status_transition",
                    "Only a won deal sells a vehicle: mark its deal won (PUT /v1/deals/{id} with status ganho).");
            events.Add(new VehicleStatusChanged(vehicle.Id, status, now));
        }
        return Decision.Accept([.. events]);
    }
}
