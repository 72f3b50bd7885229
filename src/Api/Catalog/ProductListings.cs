using Commerce.Projections;
using Commerce.Projections.Channels;
using Marten;
using Marten.Linq.MatchesSql;
using Marten.Services.BatchQuerying;

namespace Commerce.Api.Catalog;

/// <summary>A product's listing on one channel, as the seed shows it: <c>{"status": "live", "listing_id": "B0CXXXX"}</c>.</summary>
public sealed record ChannelListing(string Status, string? ListingId = null, string? Reason = null);

/// <summary>
/// A product's channel listings are the Channels context's read model (<see cref="ListingView"/>, one per channel and
/// SKU, written by syncs), found by the product's SKU when a product is read.
/// </summary>
internal static class ProductListings
{
    public static readonly IReadOnlyDictionary<string, ChannelListing> None = new Dictionary<string, ChannelListing>();

    /// <summary>The listings of some SKUs, by SKU and then by channel.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, ChannelListing>> BySku(IEnumerable<ListingView> listings) =>
        listings.GroupBy(l => l.Sku).ToDictionary(g => g.Key, g => OfOneSku(g));

    /// <summary>One SKU's listings, by channel.</summary>
    public static IReadOnlyDictionary<string, ChannelListing> OfOneSku(IEnumerable<ListingView> listings) =>
        listings.ToDictionary(l => l.ChannelId, l => new ChannelListing(l.Status.ToString().ToLowerInvariant(), l.ListingId, l.Reason));

    /// <summary>The listings of a page's SKUs, in the page's batch.</summary>
    public static Task<IReadOnlyList<ListingView>> Load(IBatchedQuery batch, IReadOnlyCollection<string> skus) =>
        batch.Query<ListingView>().Filter(l => skus.Contains(l.Sku)).ToList();

    /// <summary>For a product list's <c>channel</c> filter: the product's SKU is listed on the channel (in any status).</summary>
    public static string ListedOnSql(IQuerySession session) =>
        $"exists (select 1 from {session.TableOf<ListingView>()} l where l.tenant_id = d.tenant_id and l.sku = d.sku and l.channel_id = ?)";
}
