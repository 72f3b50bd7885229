using Commerce.Domain.Common;

namespace Commerce.Domain.Dealership;

/// <summary><c>POST /v1/vehicles</c>: a vehicle enters a store's stock (phase <c>entrada</c>, status <c>ativo</c>).</summary>
public sealed record RegisterVehicle(string VehicleId, VehicleDetails Details, string StoreId, string? ClientId) : IStreamCommand
{
    public string StreamId => VehicleId;
    public long? ExpectedVersion => null;
}

public static partial class DealershipDecisions
{
    public static Decision Decide(Vehicle? vehicle, RegisterVehicle command, DealershipReferences references, UniqueClaims claims, DateTimeOffset now)
    {
        if (vehicle is not null) return Decision.Reject(ErrorKind.Conflict, "conflict", $"Vehicle {command.VehicleId} exists already.");
        if (VehicleProblem(command.VehicleId, command.Details, command.StoreId, command.ClientId, references, claims) is { } problem) return Rejected(problem);
        return Decision.Accept(new VehicleRegistered(command.VehicleId, command.Details with { Plate = Normalized(command.Details.Plate) },
            command.StoreId, command.ClientId, now));
    }

    /// <summary>The rules a vehicle's details keep whenever they change, and the store and client it is given (null: not given).</summary>
    private static DomainError? VehicleProblem(
        string vehicleId, VehicleDetails details, string? storeId, string? clientId, DealershipReferences references, UniqueClaims claims)
    {
        if (details.YearModel < details.YearManufacture)
            return new(ErrorKind.Invalid, "invalid_years",
                $"year_model {details.YearModel} is before year_manufacture {details.YearManufacture}; a model year is the year of manufacture or the next.");
        if (details.Plate is { Length: > 0 } plate && claims.HeldByOther(Plates.Key(plate), vehicleId) is { } holder)
            return new(ErrorKind.Conflict, "plate_taken", $"The plate {Plates.Normalize(plate)} belongs to vehicle {holder} already.");
        return Unknown("store_id", storeId, references.Stores.ContainsKey, "store")
               ?? ClientProblem(clientId, references);
    }

    private static string? Normalized(string? plate) => plate is null ? null : Plates.Normalize(plate);
}
