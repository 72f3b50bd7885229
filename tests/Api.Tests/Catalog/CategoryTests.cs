namespace Commerce.Api.Tests.Catalog;

public class CategoryTests(AppFixture fixture) : CatalogTestContext(fixture)
{
    [Fact]
    public async Task a_tree_of_categories_shows_paths_and_products_show_theirs()
    {
        var key = await CatalogKeyAsync();
        var apparel = await CreateCategoryId(key, "Apparel");
        var created = await (await Send(key, "POST", "/v1/categories", new { name = "T-Shirts", parent_id = apparel }, 201)).BodyAsync();
        Assert.Matches("^cat_[0-9A-Z]{16}$", created.GetProperty("id").GetString());
        Assert.Equal("Apparel > T-Shirts", created.GetProperty("path").GetString());
        var tees = created.GetProperty("id").GetString()!;

        var product = await CreateProduct(key, new { sku = "CAT-TEE", name = "Tee", price = 10, category_id = tees });
        Assert.Equal("Apparel > T-Shirts", product.GetProperty("category").GetString());
        await Fixture.CatchUpAsync();
        var read = await GetJson(key, $"/v1/products/{product.GetProperty("id").GetString()}");
        Assert.Equal("Apparel > T-Shirts", read.GetProperty("category").GetString());
        Assert.Equal(tees, read.GetProperty("category_id").GetString());

        var list = await GetJson(key, "/v1/categories");
        Assert.Equal(["Apparel", "Apparel > T-Shirts"], list.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("path").GetString()));
        Assert.Equal(["T-Shirts"], (await GetJson(key, $"/v1/categories?parent={apparel}")).GetProperty("data").EnumerateArray()
            .Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(["Apparel"], (await GetJson(key, "/v1/categories?parent=")).GetProperty("data").EnumerateArray()
            .Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(1, (await GetJson(key, $"/v1/categories/{tees}")).GetProperty("depth").GetInt32());
    }

    [Fact]
    public async Task moving_a_subtree_keeps_its_products_and_changes_their_paths()
    {
        var key = await CatalogKeyAsync();
        var apparel = await CreateCategoryId(key, "Apparel");
        var tees = await CreateCategoryId(key, "T-Shirts", apparel);
        var vnecks = await CreateCategoryId(key, "V-Necks", tees);
        var sale = await CreateCategoryId(key, "Sale");
        var id = await CreateProductId(key, "MOVED-TEE", categoryId: vnecks);

        var moved = await (await Send(key, "PATCH", $"/v1/categories/{tees}", new { parent_id = sale }, 200)).BodyAsync();
        Assert.Equal("Sale > T-Shirts", moved.GetProperty("path").GetString());
        await Fixture.CatchUpAsync();
        Assert.Equal("Sale > T-Shirts > V-Necks", (await GetJson(key, $"/v1/products/{id}")).GetProperty("category").GetString());
        Assert.Equal([id], (await GetJson(key, $"/v1/products?category={sale}")).GetProperty("data").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Empty((await GetJson(key, $"/v1/products?category={apparel}")).GetProperty("data").EnumerateArray());

        Assert.Equal("conflict", await (await Send(key, "PATCH", $"/v1/categories/{sale}", new { parent_id = vnecks }, 409)).CodeAsync());
        var top = await (await Send(key, "PATCH", $"/v1/categories/{tees}", new { parent_id = "", name = "Tees" }, 200)).BodyAsync();
        Assert.Equal("Tees", top.GetProperty("path").GetString());
        var history = await GetJson(key, "/v1/categories/categories/history");
        Assert.Equal(["category_created", "category_created", "category_created", "category_created", "category_moved", "category_renamed", "category_moved"],
            history.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task bad_categories_are_refused()
    {
        var key = await CatalogKeyAsync();
        var apparel = await CreateCategoryId(key, "Apparel");
        Assert.Equal("validation_failed", await (await Send(key, "POST", "/v1/categories", new { name = "" }, 400)).CodeAsync());
        Assert.Equal("validation_failed", await (await Send(key, "POST", "/v1/categories", new { name = "A > B" }, 400)).CodeAsync());
        Assert.Equal("not_found", await (await Send(key, "POST", "/v1/categories", new { name = "X", parent_id = "cat_NOPE" }, 404)).CodeAsync());
        Assert.Equal("conflict", await (await Send(key, "POST", "/v1/categories", new { name = "apparel" }, 409)).CodeAsync());
        Assert.Equal("not_found", await (await Send(key, "PATCH", "/v1/categories/cat_NOPE", new { name = "X" }, 404)).CodeAsync());
        Assert.Equal("unknown_category", await (await Send(key, "POST", "/v1/products", new { sku = "NO-CAT", name = "X", price = 1, category_id = "cat_NOPE" }, 400)).CodeAsync());
        await Send(await KeyAsync("read_catalog"), "POST", "/v1/categories", new { name = "Y" }, 403);
        await Send(await KeyAsync("read_catalog"), "PATCH", $"/v1/categories/{apparel}", new { name = "Y" }, 403);
        await GetJson(await KeyAsync("read_catalog", isPublic: true), "/v1/categories");   // a storefront reads the tree
        Assert.Equal(0, (await GetJson(await KeyAsync(CatalogScopes, tenant: "t" + Guid.NewGuid().ToString("N")[..12]), "/v1/categories"))
            .GetProperty("meta").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task brands_are_listed_with_their_product_counts_and_filter_products()
    {
        var key = await CatalogKeyAsync();
        await CreateProductId(key, "B-1", brand: "Acme", status: "live");
        await CreateProductId(key, "B-2", brand: "Acme", status: "draft");
        await CreateProductId(key, "B-3", brand: "Zen", status: "live");
        var gone = await CreateProductId(key, "B-4", brand: "Gone");
        await Send(key, "DELETE", $"/v1/products/{gone}", null, 200);
        await Fixture.CatchUpAsync();

        var brands = await GetJson(key, "/v1/brands");
        Assert.Equal(["Acme:2", "Zen:1"], brands.GetProperty("data").EnumerateArray()
            .Select(b => $"{b.GetProperty("name").GetString()}:{b.GetProperty("product_count").GetInt64()}"));
        Assert.Equal(2, brands.GetProperty("meta").GetProperty("total").GetInt64());
        Assert.Equal(["Zen"], (await GetJson(key, "/v1/brands?q=ze")).GetProperty("data").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        Assert.Equal(1, (await GetJson(key, "/v1/brands?limit=1&page=2")).GetProperty("data").GetArrayLength());
        Assert.Equal(2, (await GetJson(key, "/v1/products?brand=Acme")).GetProperty("meta").GetProperty("total").GetInt64());
        var storefront = await GetJson(await KeyAsync("read_catalog", isPublic: true), "/v1/brands");   // live products only
        Assert.Equal(["Acme:1", "Zen:1"], storefront.GetProperty("data").EnumerateArray()
            .Select(b => $"{b.GetProperty("name").GetString()}:{b.GetProperty("product_count").GetInt64()}"));
    }
}
