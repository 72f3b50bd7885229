namespace Commerce.Domain.Catalog;

/// <summary>
/// <c>health_score</c>, 0 to 100: the share of a product's checks it passes, each check weighing the same. The checks:
/// images present; price above cost of goods (only when <c>cogs</c> is known); stock above the SKU's reorder point;
/// and, once the product has channel listings, the share of them that are live. Rounded to a whole number.
/// </summary>
public static class ProductHealth
{
    public static int Score(ProductHealthFacts facts)
    {
        var checks = new List<double>
        {
            facts.ImageCount > 0 ? 1 : 0,
            facts.Stock > facts.ReorderPoint ? 1 : 0
        };
        if (facts.Cogs is { } cogs) checks.Add(facts.Price > cogs ? 1 : 0);
        if (facts.Listings > 0) checks.Add(facts.LiveListings / (double)facts.Listings);
        return (int)Math.Round(100 * checks.Average(), MidpointRounding.AwayFromZero);
    }
}

/// <summary>What <see cref="ProductHealth.Score"/> looks at.</summary>
public sealed record ProductHealthFacts(int ImageCount, decimal Price, decimal? Cogs, int Stock, int ReorderPoint, int Listings = 0, int LiveListings = 0);
