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
    public override InventoryItemView? Evolve(InventoryItemView? view, string id, IEvent e)
    {
        var next = (view, e.Data) switch
        {
            (null, InventoryTracked tracked) => new InventoryItemView
            {
                Sku = tracked.Sku, ReorderPoint = tracked.ReorderPoint, LastMovedOutAt = tracked.TrackedAt, CreatedAt = tracked.TrackedAt,
                Band = StockStatus.BandOf(0, tracked.ReorderPoint)
            },
            (null, _) => null,
            (_, StockLevelSet set) => Moved(view, set.Delta, set.OnHandAfter, set.SetAt),
            (_, StockAdjusted adjusted) => Moved(view, adjusted.Delta, adjusted.OnHandAfter, adjusted.AdjustedAt),
            (_, ChannelAllocationSet { Quantity: 0 } released) => view with { Allocations = Without(view.Allocations, released.Channel) },
            (_, ChannelAllocationSet set) => view with { Allocations = new(view.Allocations) { [set.Channel] = set.Quantity } },
            (_, ReorderPointChanged changed) => view with
            {
                ReorderPoint = changed.ReorderPoint, Band = StockStatus.BandOf(view.TotalStock, changed.ReorderPoint)
            },
            _ => view
        };
        return next is null ? null : next with { Version = e.Version, UpdatedAt = e.Timestamp };
    }

    private static InventoryItemView Moved(InventoryItemView view, int delta, int onHandAfter, DateTimeOffset at)
    {
        // Decisions never let stock go negative, so such an event is corrupt (a bad import, a hand-edited row): refuse it.
        // The daemon then skips it and records it in its dead-letter storage (docs/operations.md, "Poisoned events").
        if (onHandAfter < 0)
            throw new InvalidDataException($"Event for {view.Sku} says stock is {onHandAfter}; stock is never negative.");
        var moved = view with { TotalStock = onHandAfter, Band = StockStatus.BandOf(onHandAfter, view.ReorderPoint) };
        if (delta >= 0) return moved;

        var oldestKept = InventoryItemView.DayKey(at.AddDays(-(InventoryItemView.OutflowDaysKept - 1)));
        var outflow = view.OutflowByDay.Where(d => string.CompareOrdinal(d.Key, oldestKept) >= 0).ToDictionary();
        var today = InventoryItemView.DayKey(at);
        outflow[today] = outflow.GetValueOrDefault(today) - delta;
        return moved with { OutflowByDay = outflow, LastMovedOutAt = at };
    }

    private static Dictionary<string, int> Without(Dictionary<string, int> allocations, string channel)
    {
        var copy = new Dictionary<string, int>(allocations);
        copy.Remove(channel);
        return copy;
    }
}
