using Commerce.Domain.Common;

namespace Commerce.Domain.Dealership;

/// <summary>
/// Sent by the system when a deal with a vehicle is won (a durable message, in the deal's transaction): the vehicle's
/// half of MarkDealWon. Idempotent, so a message delivered again after a crash changes nothing.
/// </summary>
public sealed record MarkVehicleSold(string VehicleId, string DealId, decimal Price) : IStreamCommand
{
    public string StreamId => VehicleId;
    public long? ExpectedVersion => null;
}

public static partial class DealershipDecisions
{
    /// <remarks>
    /// The deal's claim on the vehicle (<see cref="Deal.SaleKey"/>) makes its deal the only one that can send this, so
    /// a vehicle sold already was sold by this very deal (a repeat), and a vehicle withdrawn since is sold all the same:
    /// the sale is a fact decided when the deal was won.
    /// </remarks>
    public static Decision Decide(Vehicle? vehicle, MarkVehicleSold command, DateTimeOffset now) =>
        vehicle is null ? NotFound("Vehicle", command.VehicleId)
        : vehicle.Status == VehicleStatuses.Sold ? Decision.Accept()
        : Decision.Accept(new VehicleSold(vehicle.Id, command.DealId, command.Price, now));
}
