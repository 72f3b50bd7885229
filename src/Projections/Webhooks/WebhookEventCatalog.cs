using System.Collections.Frozen;
using Commerce.Domain.Inventory;

namespace Commerce.Projections.Webhooks;

/// <summary>One event name a webhook can subscribe to; <see cref="EventType"/> is null until a context raises it.</summary>
public sealed record WebhookEventType(string Name, string Description, Type? EventType, Func<object, object>? Data, object ExampleData)
{
    /// <summary>False for a name only announced: subscribable now, delivered once its context exists and raises it.</summary>
    public bool Raised => EventType is not null;
}

/// <summary>
/// The one place that maps domain event types to webhook names and payload data. A context that raises a new fact
/// adds (or completes) its entry here; a published name never changes meaning.
/// </summary>
public static class WebhookEventCatalog
{
    public static readonly IReadOnlyList<WebhookEventType> All =
    [
        Announced("order.new", "A new order arrives on any connected channel",
            new { Id = "ord_8FZ2K", Channel = "amazon_in", Total = 899, Status = "new" }),
        Announced("order.shipped", "An order status changes to Shipped",
            new { Id = "ord_8FZ2K", Channel = "amazon_in", Status = "shipped" }),
        Announced("order.cancelled", "An order is cancelled",
            new { Id = "ord_8FZ2K", Channel = "amazon_in", Status = "cancelled" }),
        Raised<StockReachedReorderPoint>("inventory.low", "A SKU's stock falls to or below its reorder point",
            e => new { e.Sku, TotalStock = e.OnHand, e.ReorderPoint },
            new { Sku = "BLUE-TEE-M", TotalStock = 8, ReorderPoint = 10 }),
        Raised<StockRanOut>("inventory.out", "A SKU reaches zero stock",
            e => new { e.Sku, TotalStock = 0 },
            new { Sku = "BLUE-TEE-M", TotalStock = 0 }),
        Announced("return.received", "A return is received and graded",
            new { Id = "ret_3KD9P", OrderId = "ord_8FZ2K", Grade = "resellable" }),
        Announced("listing.suppressed", "A listing is suppressed on any channel",
            new { Sku = "BLUE-TEE-M", Channel = "amazon_in", Reason = "missing_image" }),
        Announced("channel.error", "A marketplace API connection fails",
            new { Channel = "amazon_in", Error = "authentication_failed" }),
        Announced("sync.completed", "A channel sync finishes",
            new { Id = "sync_4HG7T", Channel = "amazon_in", Status = "completed" })
    ];

    private static readonly FrozenDictionary<Type, WebhookEventType> ByType =
        All.Where(e => e.EventType is not null).ToFrozenDictionary(e => e.EventType!);

    public static readonly IReadOnlySet<string> Names = All.Select(e => e.Name).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The domain event types that raise a webhook name.</summary>
    public static IEnumerable<Type> EventTypes => ByType.Keys;

    public static string NamesList => string.Join(", ", All.Select(e => e.Name));

    /// <summary>The name and payload data of an event, or null when no webhook name maps it.</summary>
    public static (string Name, object Data)? Describe(object @event) =>
        ByType.TryGetValue(@event.GetType(), out var entry) ? (entry.Name, entry.Data!(@event)) : null;

    public static IEnumerable<Type> TypesOf(IEnumerable<string> names) =>
        All.Where(e => e.EventType is not null && names.Contains(e.Name)).Select(e => e.EventType!);

    private static WebhookEventType Raised<T>(string name, string description, Func<T, object> data, object example) =>
        new(name, description, typeof(T), e => data((T)e), example);

    private static WebhookEventType Announced(string name, string description, object example) => new(name, description, null, null, example);
}
