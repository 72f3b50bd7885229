using Commerce.Api.History;
using Commerce.Api.Hosting;
using Commerce.Api.Http;
using Commerce.Api.Webhooks;
using Commerce.Domain.Inventory;
using Commerce.Projections.Inventory;
using Marten;

[assembly: ApiTag("Inventory",
    "Stock of each SKU across sales channels: set, adjust and allocate it, safely retried and guarded by If-Match; read it with its reorder status.")]

namespace Commerce.Api.Inventory;

/// <summary>Stock per SKU and its allocations to sales channels.</summary>
public sealed class InventoryContext : CommerceContext
{
    public const string ReadInventory = "read_inventory";
    public const string UpdateInventory = "update_inventory";

    public override IReadOnlyList<EventResource> Resources { get; } = [new("inventory", ReadInventory, typeof(IInventoryEvent))];

    public override IReadOnlyList<string> Scopes { get; } = [ReadInventory, UpdateInventory];

    public override IReadOnlyList<WebhookEventType> WebhookEvents { get; } =
    [
        WebhookEventType.Raised<StockReachedReorderPoint>("inventory.low", "A SKU's stock falls to or below its reorder point",
            e => new { e.Sku, TotalStock = e.OnHand, e.ReorderPoint },
            new { Sku = "BLUE-TEE-M", TotalStock = 8, ReorderPoint = 10 }),
        WebhookEventType.Raised<StockRanOut>("inventory.out", "A SKU reaches zero stock",
            e => new { e.Sku, TotalStock = 0 },
            new { Sku = "BLUE-TEE-M", TotalStock = 0 })
    ];

    public override IReadOnlyList<Type> InternalEvents { get; } =
    [
        typeof(InventoryTracked), typeof(StockLevelSet), typeof(StockAdjusted), typeof(ChannelAllocationSet), typeof(ReorderPointChanged),
        typeof(StockReserved), typeof(StockReservationReleased), typeof(ReservedStockSold), typeof(ReturnedStockRestocked)
    ];

    public override void ConfigureStore(StoreOptions store) => store.AddInventory();
}
