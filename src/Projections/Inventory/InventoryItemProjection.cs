using Commerce.Domain.Inventory;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Commerce.Projections.Inventory;

/// <summary>
/// A pure fold of event data, so a rebuild reproduces it exactly. Times are the business times the events carry
/// (imported history keeps its own dates); <c>UpdatedAt</c> is when the last event was stored.
/// </summary>
public sealed class InventoryItemProjection : SingleStreamProjection<InventoryItemView, string>
{
    public InventoryItemProjection() => this.IncludeEventsOf<IInventoryEvent>();

    public override InventoryItemView? Evolve(InventoryItemView? view, string id, IEvent e)
    {
        var next = (view, e.Data) switch
        {
            (null, InventoryTracked tracked) => new InventoryItemView
            {
                Sku = tracked.Sku, ReorderPoint = tracked.ReorderPoint, LastMovedOutAt = tracked.TrackedAt, CreatedAt = tracked.TrackedAt
            },
            (null, _) => null,
            (_, StockLevelSet set) => Moved(view, set.Delta, set.OnHandAfter, set.SetAt),
            (_, StockAdjusted adjusted) => Moved(view, adjusted.Delta, adjusted.OnHandAfter, adjusted.AdjustedAt),
            (_, ChannelAllocationSet { Quantity: 0 } released) => view with { Allocations = Without(view.Allocations, released.Channel) },
            (_, ChannelAllocationSet set) => view with { Allocations = new(view.Allocations) { [set.Channel] = set.Quantity } },
            (_, ReorderPointChanged changed) => view with { ReorderPoint = changed.ReorderPoint },
            (_, StockReserved reserved) => view with
            {
                Reserved = reserved.ReservedAfter, Allocations = WithAllocation(view.Allocations, reserved.Channel, -reserved.FromAllocation)
            },
            (_, StockReservationReleased released) => view with
            {
                Reserved = released.ReservedAfter, Allocations = WithAllocation(view.Allocations, released.Channel, released.ToAllocation)
            },
            (_, ReservedStockSold sold) => Moved(view, -sold.Units, sold.OnHandAfter, sold.SoldAt) with { Reserved = sold.ReservedAfter },
            (_, ReturnedStockRestocked restocked) => Moved(view, restocked.Units, restocked.OnHandAfter, restocked.RestockedAt),
            _ => view
        };
        // The band follows the sellable units (on hand, less what orders reserved), as the reorder facts do.
        return next is null
            ? null
            : next with { Band = StockStatus.BandOf(next.TotalStock - next.Reserved, next.ReorderPoint), Version = e.Version, UpdatedAt = e.Timestamp };
    }

    private static InventoryItemView Moved(InventoryItemView view, int delta, int onHandAfter, DateTimeOffset at)
    {
        // Decisions never let stock go negative, so such an event is corrupt (a bad import, a hand-edited row): refuse it.
        // The daemon then skips it and records it in its dead-letter storage (docs/operations.md, "Poisoned events").
        if (onHandAfter < 0)
            throw new InvalidDataException($"Event for {view.Sku} says stock is {onHandAfter}; stock is never negative.");
        var moved = view with { TotalStock = onHandAfter };
        if (delta >= 0) return moved;

        var oldestKept = InventoryItemView.DayKey(at.AddDays(-(InventoryItemView.OutflowDaysKept - 1)));
        var outflow = view.OutflowByDay.Where(d => string.CompareOrdinal(d.Key, oldestKept) >= 0).ToDictionary();
        var today = InventoryItemView.DayKey(at);
        outflow[today] = outflow.GetValueOrDefault(today) - delta;
        return moved with { OutflowByDay = outflow, LastMovedOutAt = at };
    }

    // As StockItem does: an allocation used up by reservations is gone.
    private static Dictionary<string, int> WithAllocation(Dictionary<string, int> allocations, string channel, int change)
    {
        if (change == 0) return allocations;
        var units = allocations.GetValueOrDefault(channel) + change;
        return units == 0 ? Without(allocations, channel) : new(allocations) { [channel] = units };
    }

    private static Dictionary<string, int> Without(Dictionary<string, int> allocations, string channel)
    {
        var copy = new Dictionary<string, int>(allocations);
        copy.Remove(channel);
        return copy;
    }
}
