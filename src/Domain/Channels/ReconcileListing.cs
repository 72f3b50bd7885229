using Commerce.Domain.Common;

namespace Commerce.Domain.Channels;

/// <summary>What a sync saw of one listing on the marketplace; the stream records it only when it differs from what it knew.</summary>
public sealed record ReconcileListing(string ChannelId, string Sku, ListingStatus Status, string? ListingId, string? Reason) : IStreamCommand
{
    public string StreamId => Listing.StreamIdOf(ChannelId, Sku);
    public long? ExpectedVersion => null;
}

public static class ListingDecisions
{
    public static Decision Decide(Listing? listing, ReconcileListing seen, DateTimeOffset now)
    {
        if (listing is not null && listing.Status == seen.Status && listing.ListingId == seen.ListingId && listing.Reason == seen.Reason)
            return Decision.Accept();
        return seen.Status switch
        {
            ListingStatus.Live when seen.ListingId is { } id => Decision.Accept(new ListingWentLive(seen.ChannelId, seen.Sku, id, now)),
            ListingStatus.Live => Decision.Reject(ErrorKind.Invalid, "bad_request", $"A live listing of {seen.Sku} needs its marketplace listing id."),
            ListingStatus.Suppressed => Decision.Accept(new ListingSuppressed(seen.ChannelId, seen.Sku, seen.ListingId,
                string.IsNullOrWhiteSpace(seen.Reason) ? "No reason given by the marketplace" : seen.Reason, now)),
            _ => Decision.Accept(new ListingDeactivated(seen.ChannelId, seen.Sku, seen.ListingId, now))
        };
    }
}
