using Commerce.Domain.Channels;
using Commerce.Projections.Channels;

namespace Commerce.Api.Channels;

/// <summary>A channel as <c>GET /v1/channels</c> shows it; <c>orders_today</c> counts since midnight in the store's time zone.</summary>
public sealed record ChannelResponse(
    string Id, string Name, string Type, string Connector, string Status, DateTimeOffset? LastSynced, int OrdersToday, int ActiveListings,
    long Version, DateTimeOffset CreatedAt)
{
    public static ChannelResponse From(ChannelView view, int ordersToday) => From(view.State, ordersToday, view.Version, view.CreatedAt);

    public static ChannelResponse From(Channel channel, int ordersToday, long version, DateTimeOffset createdAt) => new(channel.ChannelId, channel.Name,
        channel.Type, channel.Connector, channel.Status.ToString().ToLowerInvariant(), channel.LastSynced, ordersToday, channel.ActiveListings,
        version, createdAt);
}

/// <summary>Counts of the listings a completed sync found, and of the orders it imported.</summary>
public sealed record SyncCounts(int Live, int Suppressed, int Inactive, int Changed, int OrdersImported);

/// <summary>A sync job: <c>queued</c> → <c>running</c> → <c>completed</c> (with its counts) or <c>failed</c> (with its error).</summary>
public sealed record SyncResponse(
    string SyncId, string Channel, string Status, int EstimatedSeconds, int Attempts, SyncCounts? Counts, string? Error, DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    public static SyncResponse Queued(ChannelSync sync, int estimatedSeconds, DateTimeOffset at) =>
        new(sync.Id, sync.ChannelId, "queued", estimatedSeconds, 0, null, null, at, null, null);

    public static SyncResponse From(SyncView view) => new(view.Id, view.ChannelId, view.Status.ToString().ToLowerInvariant(), view.EstimatedSeconds,
        view.Attempts, view.Status == SyncStatus.Completed ? new SyncCounts(view.Live, view.Suppressed, view.Inactive, view.ListingsChanged, view.OrdersImported) : null,
        view.Error, view.CreatedAt, view.StartedAt, view.FinishedAt);
}

/// <summary>One product's listing on one channel.</summary>
public sealed record ListingResponse(string Channel, string Sku, string Status, string? ListingId, string? Reason, DateTimeOffset UpdatedAt)
{
    public static ListingResponse From(ListingView view) =>
        new(view.ChannelId, view.Sku, view.Status.ToString().ToLowerInvariant(), view.ListingId, view.Reason, view.UpdatedAt);
}
