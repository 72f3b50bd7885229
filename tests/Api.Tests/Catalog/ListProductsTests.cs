namespace Commerce.Api.Tests.Catalog;

public class ListProductsTests(AppFixture fixture) : CatalogTestContext(fixture)
{
    private static string[] Skus(System.Text.Json.JsonElement list) =>
        [.. list.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("sku").GetString()!)];

    private async Task<string> GivenCatalog()
    {
        var key = await CatalogKeyAsync();
        var tees = await CreateCategoryId(key, "T-Shirts");
        var mugs = await CreateCategoryId(key, "Mugs");
        await CreateProductId(key, "TEE-BLUE-M", "Blue Tee M", 899, "live", stock: 40, brand: "Acme", categoryId: tees);
        await CreateProductId(key, "TEE-RED-M", "Red Tee M", 799, "live", stock: 5, brand: "Acme", categoryId: tees);
        await CreateProductId(key, "TEE-RED-L", "Red Tee L", 849, "draft", brand: "Zen", categoryId: tees);
        await CreateProductId(key, "MUG-RED", "Red Mug", 299, "live", brand: "Acme", categoryId: mugs);
        await CreateProductId(key, "CAP-100", "Cap 100% cotton", 199, "inactive");
        await Fixture.CatchUpAsync();
        return key;
    }

    private async Task<string> TeesAsync(string key) =>
        (await GetJson(key, "/v1/categories")).GetProperty("data").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "T-Shirts")
        .GetProperty("id").GetString()!;

    [Fact]
    public async Task filters_combine()
    {
        var key = await GivenCatalog();
        Assert.Equal(["MUG-RED", "TEE-BLUE-M", "TEE-RED-M"], Skus(await GetJson(key, "/v1/products?status=live&brand=Acme")));
        Assert.Equal(["TEE-RED-M"], Skus(await GetJson(key, $"/v1/products?status=live&brand=Acme&category={await TeesAsync(key)}&q=red")));
        Assert.Equal(["TEE-RED-L", "TEE-RED-M"], Skus(await GetJson(key, "/v1/products?q=RED+tee")));
        Assert.Equal(["MUG-RED", "TEE-RED-L", "TEE-RED-M"], Skus(await GetJson(key, "/v1/products?q=red")));   // name or SKU, any case
        Assert.Equal(["CAP-100"], Skus(await GetJson(key, "/v1/products?q=100%25")));   // % is a character, not a wildcard
        Assert.Empty(Skus(await GetJson(key, "/v1/products?q=_")));
        Assert.Empty(Skus(await GetJson(key, "/v1/products?status=suppressed")));
        var list = await GetJson(key, "/v1/products?status=live&brand=Acme");
        Assert.Equal(3, list.GetProperty("meta").GetProperty("total").GetInt64());
        Assert.Equal(40, list.GetProperty("data")[1].GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task the_total_of_a_list_filtered_by_status_alone_is_the_tenants_counts_row_and_follows_every_change()
    {
        var key = await GivenCatalog();
        long Total(System.Text.Json.JsonElement list) => list.GetProperty("meta").GetProperty("total").GetInt64();
        async Task<long[]> Totals(string reader) =>
            [.. await Task.WhenAll(new[] { "", "?status=live", "?status=draft", "?status=inactive", "?status=suppressed" }
                .Select(async query => Total(await GetJson(reader, "/v1/products" + query))))];
        Assert.Equal(new long[] { 5, 3, 1, 1, 0 }, await Totals(key));

        // A status change moves a product between counts, archiving takes it out, another store's products never count.
        var mug = (await GetJson(key, "/v1/products?q=MUG-RED")).GetProperty("data")[0].GetProperty("id").GetString()!;
        await Send(key, "PATCH", $"/v1/products/{mug}", new { status = "draft" }, 200);
        var cap = (await GetJson(key, "/v1/products?q=CAP-100")).GetProperty("data")[0].GetProperty("id").GetString()!;
        await Send(key, "DELETE", $"/v1/products/{cap}", null, 200);
        await CreateProductId(await KeyAsync(CatalogScopes, tenant: "t" + Guid.NewGuid().ToString("N")[..12]), "ELSEWHERE");
        await Fixture.CatchUpAsync();
        Assert.Equal(new long[] { 4, 2, 2, 0, 0 }, await Totals(key));
        Assert.Equal(new long[] { 2, 2, 0, 0, 0 }, await Totals(await KeyAsync("read_catalog", isPublic: true)));   // live ones only
        Assert.Equal(2, Total(await GetJson(key, "/v1/products?status=live&brand=Acme")));             // other filters count their rows
    }

    [Fact]
    public async Task sorts_and_cursors_walk_every_product_once()
    {
        var key = await GivenCatalog();
        Assert.Equal(["TEE-BLUE-M", "TEE-RED-L", "TEE-RED-M", "MUG-RED", "CAP-100"], Skus(await GetJson(key, "/v1/products?sort=-price")));
        Assert.Equal(["TEE-BLUE-M", "CAP-100", "MUG-RED", "TEE-RED-L", "TEE-RED-M"], Skus(await GetJson(key, "/v1/products?sort=name")));

        foreach (var sort in new[] { "sku", "-sku", "name", "-price", "updated_at", "-updated_at" })
        {
            var seen = new List<string>();
            string? after = null;
            do
            {
                var page = await GetJson(key, $"/v1/products?sort={sort}&limit=2" + (after is null ? "" : $"&after={after}"));
                seen.AddRange(Skus(page));
                after = page.GetProperty("meta").GetProperty("next_cursor").GetString();
            } while (after is not null);
            Assert.Equal(5, seen.Distinct().Count());
            Assert.Equal(Skus(await GetJson(key, $"/v1/products?sort={sort}")), seen);
        }
    }

    [Fact]
    public async Task a_search_with_few_matches_is_sorted_and_paged_like_any_list()
    {
        // Under ProductSort.SortedBelow matches, the SKU order comes from a sort instead of the SKU index: the same order.
        var key = await GivenCatalog();
        string[] bySku = ["MUG-RED", "TEE-BLUE-M", "TEE-RED-L", "TEE-RED-M"];
        foreach (var (sort, expected) in new[] { ("sku", bySku), ("-sku", bySku.Reverse().ToArray()) })
        {
            Assert.Equal(expected, Skus(await GetJson(key, $"/v1/products?q=e&sort={sort}")));
            Assert.Equal(expected[2..], Skus(await GetJson(key, $"/v1/products?q=e&sort={sort}&page=2&limit=2")));
            var first = await GetJson(key, $"/v1/products?q=e&sort={sort}&limit=3");
            Assert.Equal(expected[..3], Skus(first));
            var after = first.GetProperty("meta").GetProperty("next_cursor").GetString();
            Assert.Equal(expected[3..], Skus(await GetJson(key, $"/v1/products?q=e&sort={sort}&limit=3&after={after}")));
        }
    }

    [Theory]
    [InlineData("status=archived")]
    [InlineData("sort=colour")]
    [InlineData("limit=101")]
    [InlineData("page=0")]
    [InlineData("page=11&limit=100")]
    [InlineData("after=bm9wZQ")]
    [InlineData("page=1&after=VEVFLUJMVUUtTQpwcm9kX1g")]
    [InlineData("channel=Amazon India")]
    public async Task bad_parameters_are_400(string query)
    {
        var key = await CatalogKeyAsync();
        var result = await Send(key, "GET", $"/v1/products?{query}", null, 400);
        Assert.Equal("validation_failed", await result.CodeAsync());
    }
}
