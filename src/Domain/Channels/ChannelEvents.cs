using Commerce.Domain.Common;

namespace Commerce.Domain.Channels;

/// <summary>An event of a sales channel's stream (<c>channel:</c> and the channel id, e.g. <c>channel:amazon_in</c>).</summary>
public interface IChannelEvent : IDomainEvent;

/// <summary>A marketplace or storefront connected to the tenant's workspace, pulled through its <paramref name="Connector"/>.</summary>
public sealed record ChannelConnected(string ChannelId, string Name, string Type, string Connector, DateTimeOffset ConnectedAt) : IChannelEvent;

/// <summary>A sync finished: the marketplace showed <paramref name="ActiveListings"/> live listings at that moment.</summary>
public sealed record ChannelSynced(string SyncId, int ActiveListings, DateTimeOffset SyncedAt) : IChannelEvent;

/// <summary>The marketplace's API could not be used; the channel shows <c>error</c> until a sync succeeds again.</summary>
public sealed record ChannelFailed(string ChannelId, string SyncId, string Error, DateTimeOffset FailedAt) : IChannelEvent;

/// <summary>An event of one sync job's stream (its id is the sync id, e.g. <c>sync_4XP9W</c>).</summary>
public interface ISyncEvent : IDomainEvent;

public sealed record SyncQueued(string SyncId, string ChannelId, int EstimatedSeconds, DateTimeOffset QueuedAt) : ISyncEvent;

/// <summary>A node began (attempt 1) or resumed (a later attempt, after the node running it stopped) the sync.</summary>
public sealed record SyncStarted(int Attempt, DateTimeOffset StartedAt) : ISyncEvent;

/// <summary>The listings the marketplace reported, by status, and how many of them changed in this sync.</summary>
/// <summary><paramref name="OrdersImported"/>: the marketplace's orders that were new here (0 in syncs recorded before orders were pulled).</summary>
public sealed record SyncCompleted(
    string SyncId, string ChannelId, int Live, int Suppressed, int Inactive, int ListingsChanged, DateTimeOffset CompletedAt, int OrdersImported = 0)
    : ISyncEvent;

public sealed record SyncFailed(string Reason, DateTimeOffset FailedAt) : ISyncEvent;

/// <summary>An event of one product listing on one channel (stream id <c>listing:{channel}:{sku}</c>).</summary>
public interface IListingEvent : IDomainEvent;

/// <summary>The listing is buyable on the marketplace under its own <paramref name="ListingId"/> (e.g. an ASIN).</summary>
public sealed record ListingWentLive(string ChannelId, string Sku, string ListingId, DateTimeOffset At) : IListingEvent;

/// <summary>The marketplace hides the listing until <paramref name="Reason"/> is fixed.</summary>
public sealed record ListingSuppressed(string ChannelId, string Sku, string? ListingId, string Reason, DateTimeOffset At) : IListingEvent;

/// <summary>The listing exists but is not offered (e.g. switched off by the seller or out of stock).</summary>
public sealed record ListingDeactivated(string ChannelId, string Sku, string? ListingId, DateTimeOffset At) : IListingEvent;
