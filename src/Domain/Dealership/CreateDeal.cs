using Commerce.Domain.Common;

namespace Commerce.Domain.Dealership;

/// <summary><c>POST /v1/deals</c>: an open deal (status <c>ativo</c>) with a client, and maybe the vehicle it sells.</summary>
public sealed record CreateDeal(string DealId, DealDetails Details) : IStreamCommand
{
    public string StreamId => DealId;
    public long? ExpectedVersion => null;
}

public static partial class DealershipDecisions
{
    /// <summary>The store defaults to the vehicle's, so the pipeline counts the deal where the car stands.</summary>
    public static Decision Decide(Deal? deal, CreateDeal command, DealershipReferences references, DateTimeOffset now)
    {
        if (deal is not null) return Decision.Reject(ErrorKind.Conflict, "conflict", $"Deal {command.DealId} exists already.");
        var details = command.Details;
        if (DealProblem(details.ClientId, details.VehicleId, details.StoreId, references) is { } problem) return Rejected(problem);
        var storeId = details.StoreId ?? (details.VehicleId is { } v ? references.Vehicles[v].StoreId : null);
        return Decision.Accept(new DealCreated(command.DealId, details with { StoreId = storeId }, now));
    }

    /// <summary>The records a deal names exist, and its vehicle is still for sale.</summary>
    private static DomainError? DealProblem(string? clientId, string? vehicleId, string? storeId, DealershipReferences references)
    {
        var unknown = ClientProblem(clientId, references)
                      ?? Unknown("vehicle_id", vehicleId, references.Vehicles.ContainsKey, "vehicle")
                      ?? Unknown("store_id", storeId, references.Stores.ContainsKey, "store");
        if (unknown is not null) return unknown;
        return vehicleId is not null && references.Vehicles[vehicleId] is { Status: VehicleStatuses.Sold } sold
            ? new(ErrorKind.Conflict, "vehicle_sold", $"Vehicle {sold.Id} was sold by deal {sold.SoldByDeal}.")
            : null;
    }
}
