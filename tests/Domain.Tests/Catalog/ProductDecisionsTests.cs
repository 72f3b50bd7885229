using Commerce.Domain.Catalog;
using Commerce.Domain.Common;

namespace Commerce.Domain.Tests.Catalog;

public class ProductDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 17, 9, 30, 0, TimeSpan.Zero);
    private static readonly ProductDetails Tee = new("Blue Tee", 899, ProductStatus.Live, "cat_tees", "Acme", 280, ["https://cdn.example.com/1.jpg"],
        "Soft.", new Dictionary<string, string> { ["hsn_code"] = "6109" });
    private static readonly ProductCreated Created = new("prod_1", "BLUE-TEE-M", Tee, Now);
    private static readonly CategoryTree Categories = CategoryTree.Evolve(null, new CategoryCreated("cat_tees", "T-Shirts", null, Now))!;
    private static readonly CatalogFacts Facts = Held();

    /// <summary>Facts where each pair's product holds the SKU.</summary>
    private static CatalogFacts Held(params (string Sku, string ProductId)[] held) =>
        new(new UniqueClaims(held.Select(h => KeyValuePair.Create(CatalogFacts.SkuClaimKey(h.Sku), h.ProductId))), Categories);

    private static Product? Given(params object[] history) => history.Aggregate((Product?)null, Product.Evolve);

    [Fact]
    public void a_new_product_claims_a_free_sku()
    {
        var decision = ProductDecisions.Decide(null, new CreateProduct("prod_1", "BLUE-TEE-M", Tee, Stock: 5), Facts, Now);
        Assert.Equal([Created], decision.Events);
    }

    [Fact]
    public void a_sku_another_product_holds_is_a_conflict_naming_it()
    {
        var decision = ProductDecisions.Decide(null, new CreateProduct("prod_2", "BLUE-TEE-M", Tee, null), Held(("BLUE-TEE-M", "prod_1")), Now);
        Assert.Equal(ErrorKind.Conflict, decision.Error?.Kind);
        Assert.Contains("prod_1", decision.Error!.Detail);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void an_update_records_only_the_fields_that_differ()
    {
        var changes = new ProductChanges(Name: "Blue Tee", Price: 950, Brand: "", Images: ["https://cdn.example.com/1.jpg"],
            Attributes: new Dictionary<string, string> { ["hsn_code"] = "6109" });
        var decision = ProductDecisions.Decide(Given(Created), new UpdateProduct("prod_1", "BLUE-TEE-M", changes, null), Facts, Now);
        var updated = Assert.IsType<ProductUpdated>(Assert.Single(decision.Events));
        Assert.Equal(new ProductChanges(Price: 950, Brand: ""), updated.Changes);

        var product = Given(Created, updated)!;
        Assert.Equal(950, product.Details.Price);
        Assert.Null(product.Details.Brand);   // an empty text clears
        Assert.Equal("Blue Tee", product.Details.Name);
        Assert.Equal("cat_tees", product.Details.CategoryId);
    }

    [Fact]
    public void an_update_that_changes_nothing_appends_nothing()
    {
        var decision = ProductDecisions.Decide(Given(Created), new UpdateProduct("prod_1", "BLUE-TEE-M", new ProductChanges(Name: "Blue Tee", CategoryId: "cat_tees"), null), Facts, Now);
        Assert.Null(decision.Error);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void an_unknown_or_archived_product_takes_no_changes_and_archiving_twice_is_a_no_op()
    {
        var update = new UpdateProduct("prod_1", "BLUE-TEE-M", new ProductChanges(Price: 1), null);
        Assert.Equal(ErrorKind.NotFound, ProductDecisions.Decide(null, update, Facts, Now).Error?.Kind);
        var archived = new ProductArchived("prod_1", "BLUE-TEE-M", Now);
        Assert.Equal([archived], ProductDecisions.Decide(Given(Created), new ArchiveProduct("prod_1", "BLUE-TEE-M"), Facts, Now).Events);
        Assert.Equal(ErrorKind.Conflict, ProductDecisions.Decide(Given(Created, archived), update, Facts, Now).Error?.Kind);
        Assert.Empty(ProductDecisions.Decide(Given(Created, archived), new ArchiveProduct("prod_1", "BLUE-TEE-M"), Facts, Now).Events);
        Assert.Equal(ErrorKind.NotFound, ProductDecisions.Decide(null, new ArchiveProduct("prod_1", "BLUE-TEE-M"), Facts, Now).Error?.Kind);
    }

    [Fact]
    public void a_product_names_a_category_of_the_store_or_none()
    {
        var elsewhere = Tee with { CategoryId = "cat_nope" };
        Assert.Equal(ProductDecisions.UnknownCategoryCode, ProductDecisions.Decide(null, new CreateProduct("prod_1", "X", elsewhere, null), Facts, Now).Error?.Code);
        var move = new UpdateProduct("prod_1", "BLUE-TEE-M", new ProductChanges(CategoryId: "cat_nope"), null);
        Assert.Equal(ProductDecisions.UnknownCategoryCode, ProductDecisions.Decide(Given(Created), move, Facts, Now).Error?.Code);
        var leave = new UpdateProduct("prod_1", "BLUE-TEE-M", new ProductChanges(CategoryId: ""), null);
        Assert.Null(ProductDecisions.Decide(Given(Created), leave, Facts, Now).Error);
    }

    [Theory]
    [InlineData(1, 899, 280, 143, 10, 0, 0, 100)]    // images, margin, stock above the reorder point
    [InlineData(0, 899, 280, 143, 10, 0, 0, 67)]     // no image
    [InlineData(0, 899, 280, 8, 10, 0, 0, 33)]       // no image, stock at or below the reorder point
    [InlineData(1, 250, 280, 8, 10, 0, 0, 33)]       // sold below cost, low stock
    [InlineData(1, 899, null, 143, 10, 0, 0, 100)]   // no cogs: the margin check does not apply
    [InlineData(1, 899, 280, 143, 10, 3, 2, 92)]     // two of three listings live
    public void health_is_the_share_of_checks_passed(int images, int price, int? cogs, int stock, int reorderPoint, int listings, int live, int score) =>
        Assert.Equal(score, ProductHealth.Score(new ProductHealthFacts(images, price, cogs, stock, reorderPoint, listings, live)));
}
