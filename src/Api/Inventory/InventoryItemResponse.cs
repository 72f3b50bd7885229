using Commerce.Projections.Inventory;

namespace Commerce.Api.Inventory;

public sealed record InventoryItemResponse(
    string Sku, int TotalStock, int Available, int Reserved, string Status, double Velocity, int? RestockDays,
    IReadOnlyDictionary<string, int> Allocations, int ReorderPoint, long Version, DateTimeOffset UpdatedAt)
{
    public static InventoryItemResponse From(InventoryItemView view, DateTimeOffset now, string? channel = null)
    {
        var allocations = channel is null
            ? view.Allocations
            : view.Allocations.Where(a => a.Key == channel).ToDictionary();
        return new(view.Sku, view.TotalStock, view.TotalStock - view.Allocations.Values.Sum() - view.Reserved, view.Reserved, view.StatusAt(now),
            view.VelocityAt(now), view.RestockDaysAt(now), allocations, view.ReorderPoint, view.Version, view.UpdatedAt);
    }
}
