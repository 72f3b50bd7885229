namespace Commerce.Domain.Channels;

public enum ListingStatus { Live, Suppressed, Inactive }

/// <summary>Write-side state of one product's listing on one channel.</summary>
public sealed record Listing(string ChannelId, string Sku, ListingStatus Status, string? ListingId, string? Reason)
{
    /// <summary>The stream key, Marten's identity of the folded state (Marten sets it when it folds the stream).</summary>
    public string Id { get; init; } = StreamIdOf(ChannelId, Sku);

    public const string KeyPrefix = "listing:";

    public static string StreamIdOf(string channelId, string sku) => $"{KeyPrefix}{channelId}:{sku}";

    public static Listing? Evolve(Listing? state, object @event) => @event switch
    {
        ListingWentLive e => new Listing(e.ChannelId, e.Sku, ListingStatus.Live, e.ListingId, null),
        ListingSuppressed e => new Listing(e.ChannelId, e.Sku, ListingStatus.Suppressed, e.ListingId, e.Reason),
        ListingDeactivated e => new Listing(e.ChannelId, e.Sku, ListingStatus.Inactive, e.ListingId, null),
        _ => state
    };
}
