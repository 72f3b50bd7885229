using System.Security.Cryptography;
using System.Text;
using Commerce.Domain.Channels;
using Commerce.Domain.Orders;

namespace Commerce.Api.Channels;

/// <summary>
/// What a marketplace connector implements: given the tenant's catalog, report each product's listing on the channel
/// as the marketplace shows it now, and the orders placed on the marketplace. The sync records only what changed and
/// imports only the orders it has not seen (by <c>channel_order_id</c>). Register one as a singleton
/// <see cref="IChannelConnector"/>; a channel names it in <c>connector</c> when it is connected.
/// </summary>
public interface IChannelConnector
{
    /// <summary>The name channels choose it by, e.g. <c>sandbox</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The listings of <paramref name="pull"/>'s catalog on the channel. Throw <see cref="ChannelConnectorException"/> when
    /// the marketplace's API refuses or fails: the sync fails with its message and the channel raises <c>channel.error</c>.
    /// Any other exception is treated as this node's fault: the sync is resumed later, by this node or another.
    /// </summary>
    Task<IReadOnlyList<ListingSeen>> PullListingsAsync(ChannelPull pull, CancellationToken ct);

    /// <summary>
    /// The marketplace's recent orders (at least those since the last sync; repeating older ones is harmless). Each is
    /// imported as <c>POST /v1/orders</c> with its <c>channel_order_id</c> would import it: never refused, flagged
    /// <c>oversold</c> when the stock is short, once only. A marketplace without orders need not implement it.
    /// </summary>
    Task<IReadOnlyList<OrderSeen>> PullOrdersAsync(ChannelPull pull, CancellationToken ct) => Task.FromResult<IReadOnlyList<OrderSeen>>([]);
}

public sealed record ChannelPull(string ChannelId, string ChannelType, IReadOnlyList<CatalogItem> Catalog);

public sealed record CatalogItem(string Sku, int Stock);

public sealed record ListingSeen(string Sku, ListingStatus Status, string? ListingId, string? Reason = null);

public sealed record OrderSeen(string ChannelOrderId, Customer Customer, IReadOnlyList<OrderItem> Items, string Currency);

/// <summary>The marketplace's API refused or failed; <see cref="Exception.Message"/> is shown to the tenant.</summary>
public sealed class ChannelConnectorException(string message) : Exception(message);

/// <summary>
/// A marketplace that answers the same listings for the same catalog, for trying the API and for tests: every SKU is
/// listed under <c>SBX</c> and ten hex digits of SHA-256 of <c>channel:sku</c>; a SKU without stock is <c>inactive</c>;
/// one in ten of the rest (that hash's last byte divisible by 10) is <c>suppressed</c> for "Missing HSN code";
/// every other one is <c>live</c>. One in twenty live SKUs (the hash's first byte divisible by 20) has an order on the
/// marketplace: one unit at a price from the hash (199 to 998 INR), <c>channel_order_id</c> <c>SBX-</c> and ten hex digits
/// of SHA-256 of <c>order:channel:sku</c>, so a second sync finds the same orders and imports none.
/// </summary>
internal sealed class SandboxConnector : IChannelConnector
{
    public const string ConnectorName = "sandbox";
    public const string SuppressionReason = "Missing HSN code";

    public string Name => ConnectorName;

    public Task<IReadOnlyList<ListingSeen>> PullListingsAsync(ChannelPull pull, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ListingSeen>>(pull.Catalog.Select(item => ListingOf(pull.ChannelId, item)).ToList());

    public Task<IReadOnlyList<OrderSeen>> PullOrdersAsync(ChannelPull pull, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<OrderSeen>>(pull.Catalog
            .Where(item => ListingOf(pull.ChannelId, item).Status == ListingStatus.Live && Hash(pull.ChannelId, item.Sku)[0] % 20 == 0)
            .Select(item => OrderOf(pull.ChannelId, item.Sku)).ToList());

    private static OrderSeen OrderOf(string channelId, string sku)
    {
        var hash = Hash("order:" + channelId, sku);
        return new OrderSeen("SBX-" + Convert.ToHexString(hash, 0, 5), new Customer("Sandbox Buyer", "Mumbai", null, null),
            [new OrderItem(sku, 1, 199 + BitConverter.ToUInt16(hash, 5) % 800)], "INR");
    }

    private static byte[] Hash(string channelId, string sku) => SHA256.HashData(Encoding.UTF8.GetBytes($"{channelId}:{sku}"));

    private static ListingSeen ListingOf(string channelId, CatalogItem item)
    {
        var hash = Hash(channelId, item.Sku);
        var listingId = "SBX" + Convert.ToHexString(hash, 0, 5);
        if (item.Stock <= 0) return new ListingSeen(item.Sku, ListingStatus.Inactive, listingId);
        return hash[^1] % 10 == 0
            ? new ListingSeen(item.Sku, ListingStatus.Suppressed, listingId, SuppressionReason)
            : new ListingSeen(item.Sku, ListingStatus.Live, listingId);
    }
}
