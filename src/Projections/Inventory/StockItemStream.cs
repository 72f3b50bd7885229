using Commerce.Domain.Inventory;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Commerce.Projections.Inventory;

/// <summary>The domain's fold as an inline snapshot, so handlers can FetchForWriting a StockItem. No rules here.</summary>
public sealed class StockItemStream : SingleStreamProjection<StockItem, string>
{
    public override StockItem? Evolve(StockItem? snapshot, string id, IEvent e) => StockItem.Evolve(snapshot, e.Data);
}
