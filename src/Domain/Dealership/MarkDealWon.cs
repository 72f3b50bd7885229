using Commerce.Domain.Common;

namespace Commerce.Domain.Dealership;

/// <summary>
/// <c>PUT /v1/deals/{id}</c> with <c>status: ganho</c> (the seed's <c>markDealWon(id, finalValue)</c>): closes the deal
/// as won, for <see cref="FinalValue"/> or its value. A deal with a vehicle takes the vehicle's sale (one deal sells a
/// vehicle), and the vehicle is then marked sold by a durable message.
/// </summary>
public sealed record MarkDealWon(string DealId, decimal? FinalValue, long? ExpectedVersion = null) : IStreamCommand
{
    public string StreamId => DealId;
}

public static partial class DealershipDecisions
{
    public static Decision Decide(Deal? deal, MarkDealWon command, DealershipReferences references, UniqueClaims claims, DateTimeOffset now)
    {
        if (deal is null) return NotFound("Deal", command.DealId);
        if (deal.IsClosed) return Closed(deal);
        if (deal.Details.VehicleId is { } vehicleId)
        {
            var soldBy = claims.HeldByOther(Deal.SaleKey(vehicleId), deal.Id)
                         ?? (references.Vehicles.TryGetValue(vehicleId, out var vehicle) && vehicle.SoldByDeal != deal.Id ? vehicle.SoldByDeal : null);
            if (soldBy is not null)
                return Decision.Reject(ErrorKind.Conflict, "vehicle_sold", $"Vehicle {vehicleId} was sold by deal {soldBy}; this deal cannot be won with it.");
        }
        return Decision.Accept(new DealWon(deal.Id, command.FinalValue ?? deal.Details.Value, deal.Details.ClientId, deal.Details.VehicleId,
            deal.Details.StoreId, now));
    }
}
