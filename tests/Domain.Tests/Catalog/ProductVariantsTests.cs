using Commerce.Domain.Catalog;
using Commerce.Domain.Common;

namespace Commerce.Domain.Tests.Catalog;

public class ProductVariantsTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 17, 9, 30, 0, TimeSpan.Zero);
    private static readonly ProductOption Size = new("Size", ["S", "M", "L"]);
    private static readonly ProductOption Colour = new("Colour", ["Blue", "Red"]);
    private static readonly ProductVariant BlueM = Variant("TEE-BLUE-M", "M", "Blue");
    private static readonly ProductVariant RedL = Variant("TEE-RED-L", "L", "Red", price: 950);
    private static readonly ProductDetails Tee = new("Tee", 899, ProductStatus.Live, null, null, null, [], null, new Dictionary<string, string>(),
        [Size, Colour], [BlueM, RedL]);

    private static ProductVariant Variant(string sku, string size, string colour, decimal? price = null) =>
        new(sku, new Dictionary<string, string> { ["Size"] = size, ["Colour"] = colour }, price);

    private static CatalogFacts Held(params (string Sku, string ProductId)[] held) =>
        new(new UniqueClaims(held.Select(h => KeyValuePair.Create(CatalogFacts.SkuClaimKey(h.Sku), h.ProductId))), null);

    private static Decision Create(ProductDetails details, CatalogFacts? facts = null) =>
        ProductDecisions.Decide(null, new CreateProduct("prod_1", "TEE", details, null), facts ?? Held(), Now);

    private static Decision Update(Product product, ProductChanges changes, CatalogFacts? facts = null) =>
        ProductDecisions.Decide(product, new UpdateProduct(product.Id, product.Sku, changes, null), facts ?? Held(), Now);

    private static Product Created() => Product.Evolve(null, Assert.Single(Create(Tee).Events))!;

    [Fact]
    public void a_product_with_options_and_variants_is_created_with_them_and_sells_under_every_sku()
    {
        var product = Created();
        Assert.Equal(["TEE", "TEE-BLUE-M", "TEE-RED-L"], product.Skus);
        Assert.Equal(950, product.Details.Variants[1].Price);
    }

    [Fact]
    public void a_variant_sku_another_product_holds_is_a_conflict_naming_it()
    {
        var decision = Create(Tee, Held(("TEE-RED-L", "prod_9")));
        Assert.Equal(ErrorKind.Conflict, decision.Error?.Kind);
        Assert.Equal(ProductDecisions.Conflict, decision.Error!.Code);
        Assert.Contains("prod_9", decision.Error.Detail);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void a_sku_the_product_held_already_may_come_back_as_a_variant()
    {
        var product = Created();
        var removed = Assert.Single(Update(product, new ProductChanges(Variants: [BlueM])).Events);
        var without = Product.Evolve(product, removed)!;
        var back = Update(without, new ProductChanges(Variants: [BlueM, RedL]), Held(("TEE-RED-L", "prod_1")));
        Assert.Null(back.Error);
        Assert.Single(back.Events);
    }

    public static TheoryData<string, ProductDetails> Refused => new()
    {
        { "the product's own SKU", Tee with { Variants = [Variant("TEE", "S", "Blue")] } },
        { "a SKU twice", Tee with { Variants = [BlueM, BlueM with { Options = RedL.Options }] } },
        { "no options to combine", Tee with { Options = [] } },
        { "an option left out", Tee with { Variants = [new("TEE-M", new Dictionary<string, string> { ["Size"] = "M" })] } },
        { "an option not declared", Tee with { Variants = [new("TEE-M", new Dictionary<string, string> { ["Size"] = "M", ["Fit"] = "Slim" })] } },
        { "a value not declared", Tee with { Variants = [Variant("TEE-XL", "XL", "Blue")] } },
        { "one combination twice", Tee with { Variants = [BlueM, Variant("TEE-BLUE-M2", "M", "Blue")] } }
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void variants_are_distinct_combinations_of_declared_option_values_under_skus_of_their_own(string why, ProductDetails details)
    {
        var decision = Create(details);
        Assert.True(decision.Error?.Code == ProductDecisions.InvalidVariants, why);
        Assert.Equal(ErrorKind.Invalid, decision.Error!.Kind);
    }

    [Fact]
    public void options_changed_without_the_variants_must_still_offer_their_values()
    {
        var decision = Update(Created(), new ProductChanges(Options: [Size with { Values = ["S", "M"] }, Colour]));
        Assert.Equal(ProductDecisions.InvalidVariants, decision.Error?.Code);
        Assert.Contains("TEE-RED-L", decision.Error!.Detail);
    }

    [Fact]
    public void an_update_records_the_variants_only_when_they_differ()
    {
        var product = Created();
        var same = new ProductChanges(Options: [new("Size", ["S", "M", "L"]), Colour], Variants: [Variant("TEE-BLUE-M", "M", "Blue"), RedL]);
        Assert.Empty(Update(product, same).Events);

        var repriced = Variant("TEE-BLUE-M", "M", "Blue", price: 799);
        var updated = Assert.IsType<ProductUpdated>(Assert.Single(Update(product, new ProductChanges(Variants: [repriced, RedL])).Events));
        Assert.Null(updated.Changes.Options);
        Assert.Equal(799, Product.Evolve(product, updated)!.Details.Variants[0].Price);
    }

    [Fact]
    public void removing_every_variant_and_option_leaves_a_plain_product()
    {
        var product = Created();
        var plain = Product.Evolve(product, Assert.Single(Update(product, new ProductChanges(Options: [], Variants: [])).Events))!;
        Assert.Equal(["TEE"], plain.Skus);
    }

    [Fact]
    public void details_written_before_products_had_variants_read_as_a_plain_product()
    {
        var old = new ProductDetails("Tee", 1, ProductStatus.Live, null, null, null, [], null, new Dictionary<string, string>());
        Assert.Empty(old.Options);
        Assert.Empty(old.Variants);
    }
}
