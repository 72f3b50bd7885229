using Commerce.Domain.Channels;
using Commerce.Domain.Common;

namespace Commerce.Domain.Tests.Channels;

public class ChannelDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 17, 9, 0, 0, TimeSpan.Zero);
    private static readonly ChannelConnected Connected = new("amazon_in", "Amazon India", "amazon", "sandbox", Now);

    private static Channel? Given(params object[] history) => history.Aggregate((Channel?)null, Channel.Evolve);

    [Fact]
    public void a_channel_is_connected_once()
    {
        Assert.Equal([Connected], ChannelDecisions.Decide(null, new ConnectChannel("amazon_in", "Amazon India", "amazon", "sandbox"), Now).Events);
        var again = ChannelDecisions.Decide(Given(Connected), new ConnectChannel("amazon_in", "Other", "amazon", "sandbox"), Now);
        Assert.Equal(ErrorKind.Conflict, again.Error?.Kind);
        Assert.Contains("amazon_in", again.Error?.Detail);
    }

    [Fact]
    public void a_failed_sync_puts_the_channel_in_error_until_a_sync_succeeds()
    {
        var failed = Given(Connected, new ChannelFailed("amazon_in", "sync_1", "refused", Now));
        Assert.Equal(ChannelStatus.Error, failed!.Status);
        var synced = Channel.Evolve(failed, new ChannelSynced("sync_2", 42, Now))!;
        Assert.Equal((ChannelStatus.Active, 42, (DateTimeOffset?)Now), (synced.Status, synced.ActiveListings, synced.LastSynced));
    }

    [Fact]
    public void the_stream_key_keeps_a_channel_apart_from_a_sku_of_the_same_name()
    {
        Assert.Equal("channel:amazon_in", new ConnectChannel("amazon_in", "Amazon India", "amazon", "sandbox").StreamId);
        Assert.Equal("listing:amazon_in:BLUE-TEE-M", new ReconcileListing("amazon_in", "BLUE-TEE-M", ListingStatus.Live, "B0C", null).StreamId);
    }
}

public class ListingDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 17, 9, 0, 0, TimeSpan.Zero);

    private static Listing? Given(params object[] history) => history.Aggregate((Listing?)null, Listing.Evolve);

    [Fact]
    public void a_listing_seen_as_before_records_nothing()
    {
        var live = Given(new ListingWentLive("amazon_in", "SKU-1", "B0C", Now));
        Assert.Empty(ListingDecisions.Decide(live, new ReconcileListing("amazon_in", "SKU-1", ListingStatus.Live, "B0C", null), Now).Events);
    }

    [Fact]
    public void each_change_of_status_is_its_fact()
    {
        var live = Given(new ListingWentLive("amazon_in", "SKU-1", "B0C", Now));
        Assert.Equal([new ListingSuppressed("amazon_in", "SKU-1", "B0C", "Missing HSN code", Now)],
            ListingDecisions.Decide(live, new ReconcileListing("amazon_in", "SKU-1", ListingStatus.Suppressed, "B0C", "Missing HSN code"), Now).Events);
        Assert.Equal([new ListingDeactivated("amazon_in", "SKU-1", "B0C", Now)],
            ListingDecisions.Decide(live, new ReconcileListing("amazon_in", "SKU-1", ListingStatus.Inactive, "B0C", null), Now).Events);
        Assert.Equal([new ListingWentLive("amazon_in", "SKU-1", "B0D", Now)],
            ListingDecisions.Decide(live, new ReconcileListing("amazon_in", "SKU-1", ListingStatus.Live, "B0D", null), Now).Events);
    }

    [Fact]
    public void a_live_listing_needs_its_marketplace_id_and_a_suppression_always_has_a_reason()
    {
        Assert.Equal(ErrorKind.Invalid, ListingDecisions.Decide(null, new ReconcileListing("amazon_in", "SKU-1", ListingStatus.Live, null, null), Now).Error?.Kind);
        var suppressed = Assert.IsType<ListingSuppressed>(Assert.Single(
            ListingDecisions.Decide(null, new ReconcileListing("amazon_in", "SKU-1", ListingStatus.Suppressed, null, " "), Now).Events));
        Assert.False(string.IsNullOrWhiteSpace(suppressed.Reason));
    }
}
