using Commerce.Domain.Inventory;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Commerce.Projections.Inventory;

public static class InventoryRegistration
{
    public static readonly string ItemProjectionName = nameof(InventoryItemView);

    public static StoreOptions AddInventory(this StoreOptions opts)
    {
        opts.Schema.For<StockItem>().Identity(x => x.Sku);   // keeps the domain type attribute-free
        // Inline snapshot: a write loads one document instead of replaying a hot SKU's whole stream.
        opts.Projections.Add(new DomainFold<StockItem, IInventoryEvent>(StockItem.Evolve), ProjectionLifecycle.Inline);

        opts.Projections.Add(new InventoryItemProjection(), ProjectionLifecycle.Async);
        opts.Schema.For<InventoryItemView>().Identity(x => x.Sku);
        // The list's filters, in SKU order (the primary key serves the order alone): status band, dead stock, channel.
        opts.IndexForLists<InventoryItemView>([x => x.Band, x => x.TotalStock, x => x.LastMovedOutAt, x => x.Channels],
            new TenantIndex("band", "id"), new TenantIndex("last_moved_out_at"), new TenantIndex("channels") { Method = IndexMethod.gin });
        opts.Storage.Add(new InventorySummaryStorage(opts));
        return opts;
    }
}
