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

    /// <summary>The listings of the SKUs, by SKU and then by channel, in the batch's round trip.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, ChannelListing>>> OfAsync(
        Task<IReadOnlyList<ListingView>> loading)
    {
        var listings = await loading;
        return listings.GroupBy(l => l.Sku).ToDictionary(g => g.Key,
            g => (IReadOnlyDictionary<string, ChannelListing>)g.ToDictionary(l => l.ChannelId,
                l => new ChannelListing(l.Status.ToString().ToLowerInvariant(), l.ListingId, l.Reason)));
    }

    public static Task<IReadOnlyList<ListingView>> Load(IBatchedQuery batch, IReadOnlyCollection<string> skus) =>
        batch.Query<ListingView>().Where(l => skus.Contains(l.Sku)).ToList();

    /// <summary>For a product list's <c>channel</c> filter: the product's SKU is listed on the channel (in any status).</summary>
    public static string ListedOnSql(IQuerySession session) =>
        $"exists (select 1 from {session.TableOf<ListingView>()} l where l.tenant_id = d.tenant_id and l.sku = d.sku and l.channel_id = ?)";
}
