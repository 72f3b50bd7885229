using Commerce.Api.History;
using Commerce.Api.Hosting;
using Commerce.Api.Http;
using Commerce.Api.Webhooks;
using Commerce.Domain.Channels;
using Commerce.Projections.Channels;
using Marten;

[assembly: ApiTag("Channels",
    "Sales channels (marketplaces and storefronts): connect one, sync it through its connector, and read its sync jobs and product listings.")]

namespace Commerce.Api.Channels;

/// <summary>Sales channels, their sync jobs and the product listings the syncs find (EcomLinx's channels).</summary>
public sealed class ChannelsContext : CommerceContext
{
    public const string ReadChannels = "read_channels";
    public const string ManageChannels = "manage_channels";

    public override IReadOnlyList<EventResource> Resources { get; } =
    [
        new("channels", ReadChannels, typeof(IChannelEvent)) { KeyPrefix = Channel.KeyPrefix },
        new("syncs", ReadChannels, typeof(ISyncEvent)),
        new("listings", ReadChannels, typeof(IListingEvent)) { KeyPrefix = Listing.KeyPrefix }
    ];

    public override IReadOnlyList<string> Scopes { get; } = [ReadChannels, ManageChannels];

    public override IReadOnlyList<WebhookEventType> WebhookEvents { get; } =
    [
        WebhookEventType.Raised<ListingSuppressed>("listing.suppressed", "A listing is suppressed on any channel",
            e => new { e.Sku, Channel = e.ChannelId, e.ListingId, e.Reason },
            new { Sku = "BLUE-TEE-M", Channel = "meesho", ListingId = "MS88231", Reason = "Missing HSN code" }),
        WebhookEventType.Raised<ChannelFailed>("channel.error", "A marketplace API connection fails",
            e => new { Channel = e.ChannelId, e.SyncId, e.Error },
            new { Channel = "amazon_in", SyncId = "sync_4XP9W", Error = "The marketplace refused the credentials." }),
        WebhookEventType.Raised<SyncCompleted>("sync.completed", "A channel sync finishes",
            e => new { Id = e.SyncId, Channel = e.ChannelId, Status = "completed", e.Live, e.Suppressed, e.Inactive, e.ListingsChanged, e.OrdersImported },
            new { Id = "sync_4XP9W", Channel = "amazon_in", Status = "completed", Live = 142, Suppressed = 3, Inactive = 5, ListingsChanged = 7, OrdersImported = 2 })
    ];

    public override IReadOnlyList<Type> InternalEvents =>
        Resources.SelectMany(r => r.EventTypes).Except([typeof(ListingSuppressed), typeof(ChannelFailed), typeof(SyncCompleted)]).ToArray();

    public override void ConfigureStore(StoreOptions store) => store.AddChannels();

    public override void ConfigureHost(WebApplicationBuilder builder) => builder.AddChannelSyncs();
}
