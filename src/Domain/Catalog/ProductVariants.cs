using Commerce.Domain.Common;

namespace Commerce.Domain.Catalog;

/// <summary>An option a product comes in (Ecwid's product option: <c>Size</c> with <c>S</c>, <c>M</c>, <c>L</c>), its values in display order.</summary>
public sealed record ProductOption(string Name, IReadOnlyList<string> Values)
{
    public static readonly IEqualityComparer<ProductOption> SameAs =
        EqualityComparer<ProductOption>.Create((a, b) => a!.Name == b!.Name && a.Values.SequenceEqual(b.Values), o => o.Name.GetHashCode());
}

/// <summary>
/// One combination of the product's options (Ecwid's combination, or variation): one value of each option, sold under
/// a SKU of its own. The SKU's inventory stream holds the variant's stock, as a plain product's SKU holds its own;
/// <see cref="Price"/> overrides the product's price when given.
/// </summary>
public sealed record ProductVariant(string Sku, IReadOnlyDictionary<string, string> Options, decimal? Price = null)
{
    public static readonly IEqualityComparer<ProductVariant> SameAs = EqualityComparer<ProductVariant>.Create(
        (a, b) => a!.Sku == b!.Sku && a.Price == b.Price && ProductDecisions.SameAttributes(a.Options, b.Options), v => v.Sku.GetHashCode());
}

public static partial class ProductDecisions
{
    public const string InvalidVariants = "invalid_variants";

    public static readonly IReadOnlyDictionary<string, int> NoVariantStock = new Dictionary<string, int>();

    /// <summary>
    /// A product's variants are distinct combinations of its options, each naming one declared value of every option, and
    /// each under a SKU no other product holds (as its own SKU or a variant's) and that is not the product's own.
    /// A SKU once the product's stays its own after the variant is removed (its inventory history keeps meaning one
    /// product), so the product may take it back.
    /// </summary>
    private static Decision? VariantProblem(string productId, string productSku, ProductDetails details, CatalogFacts facts)
    {
        var options = details.Options.ToDictionary(o => o.Name, o => o.Values, StringComparer.Ordinal);
        var combinations = new Dictionary<string, string>(StringComparer.Ordinal);
        var skus = new HashSet<string>(StringComparer.Ordinal) { productSku };
        foreach (var variant in details.Variants)
        {
            if (!skus.Add(variant.Sku))
                return Invalid(variant.Sku == productSku
                    ? $"Variant SKU {variant.Sku} is the product's own SKU; a variant needs a SKU of its own."
                    : $"Variant SKU {variant.Sku} is given twice; each variant has a SKU of its own.");
            if (facts.HolderOf(variant.Sku) is { } holder && holder != productId)
                return Decision.Reject(ErrorKind.Conflict, Conflict, $"SKU {variant.Sku} belongs to product {holder}.");
            if (options.Count == 0 || variant.Options.Count != options.Count || !variant.Options.Keys.All(options.ContainsKey))
                return Invalid(options.Count == 0
                    ? $"Variant {variant.Sku} needs options to combine: declare them in options first."
                    : $"Variant {variant.Sku} names one value of each option: {string.Join(", ", options.Keys)}.");
            if (variant.Options.FirstOrDefault(o => !options[o.Key].Contains(o.Value)) is { Key: { } option, Value: var value })
                return Invalid($"Variant {variant.Sku}: {option} '{value}' is not one of the option's values ({string.Join(", ", options[option])}).");
            var combination = string.Join("\n", options.Keys.Select(name => variant.Options[name]));
            if (!combinations.TryAdd(combination, variant.Sku))
                return Invalid($"Variants {combinations[combination]} and {variant.Sku} are the same combination of options.");
        }
        return null;
    }

    private static Decision Invalid(string detail) => Decision.Reject(ErrorKind.Invalid, InvalidVariants, detail);
}
