using Commerce.Domain.Channels;
using JasperFx.Events.Projections;
using Marten;

namespace Commerce.Projections.Channels;

public static class ChannelsRegistration
{
    /// <summary>A channel's listings by status: the listings list's total without a count of the tenant's listings.</summary>
    public static readonly ListCounts<ListingView> ListingCounts = new("listing", "channel_id", "status");

    public static StoreOptions AddChannels(this StoreOptions opts)
    {
        // Live folds: channel, sync and listing streams stay short.
        opts.Projections.Add(new DomainFold<Channel, IChannelEvent>(Channel.Evolve), ProjectionLifecycle.Live);
        opts.Projections.Add(new DomainFold<ChannelSync, ISyncEvent>(ChannelSync.Evolve), ProjectionLifecycle.Live);
        opts.Projections.Add(new DomainFold<Listing, IListingEvent>(Listing.Evolve), ProjectionLifecycle.Live);

        opts.Projections.Add(new ChannelViewProjection(), ProjectionLifecycle.Async);
        opts.Projections.Add(new SyncViewProjection(), ProjectionLifecycle.Async);
        opts.Projections.Add(new ListingViewProjection(), ProjectionLifecycle.Async);
        // The listings list in id order: a channel's, a channel's in one status; a SKU's listings (its product's statuses).
        opts.IndexForLists<ListingView>([x => x.ChannelId, x => x.Status, x => x.Sku],
            new TenantIndex("channel_id", "id"), new TenantIndex("channel_id", "status", "id"), new TenantIndex("sku"));
        opts.CountForLists(ListingCounts);
        return opts;
    }
}
