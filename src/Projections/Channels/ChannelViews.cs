using Commerce.Domain.Channels;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Commerce.Projections.Channels;

/// <summary>Read model of one channel for <c>GET /v1/channels</c>.</summary>
public sealed record ChannelView(string Id, Channel State, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed class ChannelViewProjection : SingleStreamProjection<ChannelView, string>
{
    public ChannelViewProjection() => this.IncludeEventsOf<IChannelEvent>();

    public override ChannelView? Evolve(ChannelView? view, string id, IEvent e) =>
        Channel.Evolve(view?.State, e.Data) is { } state ? new ChannelView(id, state, e.Version, view?.CreatedAt ?? e.Timestamp, e.Timestamp) : null;
}

/// <summary>Read model of one sync job for <c>GET /v1/channels/{id}/syncs/{sync_id}</c>.</summary>
public sealed record SyncView
{
    public string Id { get; init; } = "";
    public string ChannelId { get; init; } = "";
    public SyncStatus Status { get; init; }
    public int EstimatedSeconds { get; init; }
    public int Attempts { get; init; }
    public int Live { get; init; }
    public int Suppressed { get; init; }
    public int Inactive { get; init; }
    public int ListingsChanged { get; init; }
    public int OrdersImported { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public long Version { get; init; }
}

public sealed class SyncViewProjection : SingleStreamProjection<SyncView, string>
{
    public SyncViewProjection() => this.IncludeEventsOf<ISyncEvent>();

    public override SyncView? Evolve(SyncView? view, string id, IEvent e) => (e.Data switch
    {
        SyncQueued q => new SyncView { Id = q.SyncId, ChannelId = q.ChannelId, EstimatedSeconds = q.EstimatedSeconds, CreatedAt = q.QueuedAt },
        SyncStarted s => view! with { Status = SyncStatus.Running, Attempts = s.Attempt, StartedAt = view.StartedAt ?? s.StartedAt },
        SyncCompleted c => view! with
        {
            Status = SyncStatus.Completed, Live = c.Live, Suppressed = c.Suppressed, Inactive = c.Inactive, ListingsChanged = c.ListingsChanged,
            OrdersImported = c.OrdersImported, FinishedAt = c.CompletedAt
        },
        SyncFailed f => view! with { Status = SyncStatus.Failed, Error = f.Reason, FinishedAt = f.FailedAt },
        _ => view
    }) is { } next ? next with { Version = e.Version } : null;
}

/// <summary>Read model of one listing: a product's status on one channel, found by channel or by SKU.</summary>
public sealed record ListingView
{
    public string Id { get; init; } = "";
    public string ChannelId { get; init; } = "";
    public string Sku { get; init; } = "";
    public ListingStatus Status { get; init; }
    public string? ListingId { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public long Version { get; init; }
}

public sealed class ListingViewProjection : SingleStreamProjection<ListingView, string>
{
    public ListingViewProjection() => this.IncludeEventsOf<IListingEvent>();

    public override ListingView? Evolve(ListingView? view, string id, IEvent e) =>
        Listing.Evolve(null, e.Data) is { } state
            ? new ListingView
            {
                Id = id, ChannelId = state.ChannelId, Sku = state.Sku, Status = state.Status, ListingId = state.ListingId, Reason = state.Reason,
                UpdatedAt = e.Timestamp, Version = e.Version
            }
            : view;
}
