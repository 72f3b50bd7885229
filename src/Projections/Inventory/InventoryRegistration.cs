using Commerce.Domain.Inventory;
using JasperFx.Events.Projections;
using Marten;

namespace Commerce.Projections.Inventory;

public static class InventoryRegistration
{
    public static readonly string ItemProjectionName = nameof(InventoryItemView);

    public static StoreOptions AddInventory(this StoreOptions opts)
    {
        opts.Schema.For<StockItem>().Identity(x => x.Sku);   // keeps the domain type attribute-free
        // Inline snapshot: a write loads one document instead of replaying a hot SKU's whole stream.
        opts.Projections.Add(new DomainFold<StockItem>(StockItem.Evolve), ProjectionLifecycle.Inline);

        opts.Projections.Add(new InventoryItemProjection(), ProjectionLifecycle.Async);
        opts.Schema.For<InventoryItemView>().Identity(x => x.Sku)
            .Duplicate(x => x.Band)          // lists filter on these in SQL
            .Duplicate(x => x.TotalStock)
            .Duplicate(x => x.LastMovedOutAt);
        return opts;
    }
}
