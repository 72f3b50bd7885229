using System.Text;
using System.Text.Json;

namespace Commerce.Api.Tests.Catalog;

/// <summary>Variants (Ecwid's options and combinations): each a SKU of its own, claimed like a product's, with its own stock.</summary>
public class ProductVariantTests(AppFixture fixture) : CatalogTestContext(fixture)
{
    private static readonly object[] Options =
    [
        new { name = "Size", values = new[] { "S", "M", "L" } },
        new { name = "Colour", values = new[] { "Blue", "Red" } }
    ];

    private static object Variant(string sku, string size, string colour, decimal? price = null, int? stock = null) =>
        new { sku, options = new Dictionary<string, string> { ["Size"] = size, ["Colour"] = colour }, price, stock };

    private static object Tee(string sku, params object[] variants) =>
        new { sku, name = "Premium Cotton T-Shirt", price = 899, status = "live", options = Options, variants };

    private static Dictionary<string, int> StockBySku(JsonElement product) =>
        product.GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("sku").GetString()!, v => v.GetProperty("stock").GetInt32());

    [Fact]
    public async Task a_product_with_variants_shows_them_with_the_stock_of_their_own_skus_everywhere()
    {
        var key = await CatalogKeyAsync();
        var created = await CreateProduct(key, Tee("TEE", Variant("TEE-BLUE-M", "M", "Blue", stock: 12), Variant("TEE-RED-L", "L", "Red", price: 950, stock: 3)));
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(new Dictionary<string, int> { ["TEE-BLUE-M"] = 12, ["TEE-RED-L"] = 3 }, StockBySku(created));
        Assert.Equal("Size", created.GetProperty("options")[0].GetProperty("name").GetString());
        var red = created.GetProperty("variants")[1];
        Assert.Equal(950, red.GetProperty("price").GetDecimal());
        Assert.Equal("Red", red.GetProperty("options").GetProperty("Colour").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("variants")[0].GetProperty("price").ValueKind);   // the product's price

        // The variant's stock is its SKU's inventory: an inventory PATCH changes what the product shows.
        Assert.Equal(10, (await PatchJson(key, "/v1/inventory/TEE-BLUE-M", new { adjust = -2 })).GetProperty("total_stock").GetInt32());
        await Fixture.CatchUpAsync();
        Assert.Equal(3, (await GetJson(key, "/v1/inventory/TEE-RED-L")).GetProperty("total_stock").GetInt32());
        var read = await GetJson(key, $"/v1/products/{id}");
        Assert.Equal(new Dictionary<string, int> { ["TEE-BLUE-M"] = 10, ["TEE-RED-L"] = 3 }, StockBySku(read));
        var listed = (await GetJson(key, "/v1/products?q=TEE")).GetProperty("data").EnumerateArray().Single(p => p.GetProperty("id").GetString() == id);
        Assert.Equal(new Dictionary<string, int> { ["TEE-BLUE-M"] = 10, ["TEE-RED-L"] = 3 }, StockBySku(listed));

        // A PATCH answer shows them too, as its transaction left them.
        var renamed = await (await Send(key, "PATCH", $"/v1/products/{id}", new { name = "Tee" }, 200)).BodyAsync();
        Assert.Equal(new Dictionary<string, int> { ["TEE-BLUE-M"] = 10, ["TEE-RED-L"] = 3 }, StockBySku(renamed));
    }

    [Fact]
    public async Task a_patch_adds_changes_and_removes_variants_and_their_stock_goes_through_the_inventory_decision()
    {
        var key = await CatalogKeyAsync();
        var id = (await CreateProduct(key, Tee("SHIRT", Variant("SHIRT-BLUE-M", "M", "Blue", stock: 5)))).GetProperty("id").GetString()!;

        var patched = await (await Send(key, "PATCH", $"/v1/products/{id}", new
        {
            variants = new[] { Variant("SHIRT-BLUE-M", "M", "Blue", price: 799), Variant("SHIRT-RED-S", "S", "Red", stock: 7) }
        }, 200)).BodyAsync();
        Assert.Equal(new Dictionary<string, int> { ["SHIRT-BLUE-M"] = 5, ["SHIRT-RED-S"] = 7 }, StockBySku(patched));   // no stock given: kept
        Assert.Equal(799, patched.GetProperty("variants")[0].GetProperty("price").GetDecimal());
        Assert.Equal(2, patched.GetProperty("version").GetInt64());

        var removed = await (await Send(key, "PATCH", $"/v1/products/{id}", new { variants = new[] { Variant("SHIRT-RED-S", "S", "Red") } }, 200)).BodyAsync();
        Assert.Equal(["SHIRT-RED-S"], removed.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("sku").GetString()));

        // A removed variant's SKU stays the product's: another product cannot take it, this one can take it back.
        var taken = await Send(key, "POST", "/v1/products", new { sku = "SHIRT-BLUE-M", name = "Other", price = 1 }, 409);
        Assert.Contains(id, (await taken.BodyAsync()).GetProperty("detail").GetString());
        await Send(key, "PATCH", $"/v1/products/{id}", new { variants = new[] { Variant("SHIRT-RED-S", "S", "Red"), Variant("SHIRT-BLUE-M", "M", "Blue") } }, 200);

        // Stock goes through the inventory's decision: below what a channel holds is refused, and nothing is written.
        await PatchJson(key, "/v1/inventory/SHIRT-RED-S", new { allocations = new Dictionary<string, int> { ["amazon_in"] = 6 } });
        var refused = await Send(key, "PATCH", $"/v1/products/{id}", new { price = 1, variants = new[] { Variant("SHIRT-RED-S", "S", "Red", stock: 2) } }, 409);
        Assert.Equal("insufficient_stock", await refused.CodeAsync());
        await Fixture.CatchUpAsync();
        var product = await GetJson(key, $"/v1/products/{id}");
        Assert.Equal(899, product.GetProperty("price").GetDecimal());
        Assert.Equal(2, product.GetProperty("variants").GetArrayLength());

        var history = await GetJson(key, "/v1/inventory/SHIRT-RED-S/history");
        Assert.Equal(["inventory_tracked", "stock_level_set", "channel_allocation_set"],
            history.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        var productHistory = await GetJson(key, $"/v1/products/{id}/history");
        Assert.Equal(["product_created", "product_updated", "product_updated", "product_updated"],
            productHistory.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        // As it was: version 1 had one variant.
        Assert.Equal(1, (await GetJson(key, $"/v1/products/{id}?version=1")).GetProperty("variants").GetArrayLength());
    }

    [Fact]
    public async Task a_variant_sku_is_unique_across_products_and_their_variants_409_naming_the_holder()
    {
        var key = await CatalogKeyAsync();
        var plain = await CreateProductId(key, "PLAIN-CAP");
        var withVariants = (await CreateProduct(key, Tee("HOODIE", Variant("HOODIE-BLUE-M", "M", "Blue")))).GetProperty("id").GetString()!;

        async Task RefusedNaming(object body, string holder, string? url = null)
        {
            var result = await Send(key, url is null ? "POST" : "PATCH", url ?? "/v1/products", body, 409);
            Assert.Equal("conflict", await result.CodeAsync());
            Assert.Contains(holder, (await result.BodyAsync()).GetProperty("detail").GetString());
        }
        await RefusedNaming(Tee("JACKET", Variant("PLAIN-CAP", "S", "Red")), plain);                  // a plain product's SKU
        await RefusedNaming(Tee("JACKET", Variant("HOODIE-BLUE-M", "S", "Red")), withVariants);       // another product's variant
        await RefusedNaming(new { sku = "HOODIE-BLUE-M", name = "Cap", price = 1 }, withVariants);     // a product on a variant's SKU
        await RefusedNaming(new { options = Options, variants = new[] { Variant("HOODIE-BLUE-M", "S", "Red") } }, withVariants,
            $"/v1/products/{plain}");

        await Fixture.CatchUpAsync();
        Assert.Equal(2, (await GetJson(key, "/v1/products")).GetProperty("meta").GetProperty("total").GetInt64());   // nothing of JACKET
        await GetJson(key, "/v1/inventory/JACKET", 404);

        // Another store may use the same SKUs.
        await CreateProduct(await KeyAsync(CatalogScopes, tenant: "t" + Guid.NewGuid().ToString("N")[..12]), Tee("JACKET", Variant("HOODIE-BLUE-M", "M", "Blue")));
    }

    [Fact]
    public async Task two_products_racing_for_one_variant_sku_leave_it_with_one()
    {
        var key = await CatalogKeyAsync();
        var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.PostAsync("/v1/products", new StringContent(
            JsonSerializer.Serialize(Tee($"RACER-{i}", Variant("CONTESTED", "M", "Blue", stock: i + 1), Variant($"RACER-{i}-RED", "L", "Red")),
                new JsonSerializerOptions(JsonSerializerDefaults.Web)), Encoding.UTF8, "application/json"))));

        Assert.Single(answers, a => (int)a.StatusCode == 201);
        Assert.Equal(7, answers.Count(a => (int)a.StatusCode == 409));
        var winner = await JsonDocument.ParseAsync(await answers.Single(a => (int)a.StatusCode == 201).Content.ReadAsStreamAsync());
        var winnerId = winner.RootElement.GetProperty("id").GetString()!;
        foreach (var loser in answers.Where(a => (int)a.StatusCode == 409))
            Assert.Contains(winnerId, await loser.Content.ReadAsStringAsync());
        await Fixture.CatchUpAsync();
        Assert.Equal(1, (await GetJson(key, "/v1/products")).GetProperty("meta").GetProperty("total").GetInt64());
        // Only the winner's stock reached the contested SKU.
        Assert.Equal(StockBySku(winner.RootElement)["CONTESTED"], (await GetJson(key, "/v1/inventory/CONTESTED")).GetProperty("total_stock").GetInt32());
    }

    [Theory]
    [InlineData("""{"sku":"V-1","name":"Tee","price":1,"options":[{"name":"Size","values":["S"]}],"variants":[{"sku":"V-1","options":{"Size":"S"}}]}""", "variants")]
    [InlineData("""{"sku":"V-1","name":"Tee","price":1,"options":[{"name":"Size","values":["S"]}],"variants":[{"sku":"bad sku!","options":{"Size":"S"}}]}""", "variants[0].sku")]
    [InlineData("""{"sku":"V-1","name":"Tee","price":1,"options":[{"name":"Size","values":["S"]}],"variants":[{"sku":"V-2","options":{"Size":"S"},"stock":-1}]}""", "variants[0].stock")]
    [InlineData("""{"sku":"V-1","name":"Tee","price":1,"options":[{"name":"Size","values":["S"]}],"variants":[{"sku":"V-2","options":{"Size":"S"},"price":-1}]}""", "variants[0].price")]
    [InlineData("""{"sku":"V-1","name":"Tee","price":1,"options":[{"name":"Size","values":["S"]}],"variants":[{"sku":"V-2"}]}""", "variants[0].options")]
    [InlineData("""{"sku":"V-1","name":"Tee","price":1,"options":[{"name":"Size","values":["S"]}],"variants":[{"sku":"V-2","options":{"Size":"S"}},{"sku":"V-2","options":{"Size":"S"}}]}""", "variants")]
    [InlineData("""{"sku":"V-1","name":"Tee","price":1,"options":[{"name":"Size","values":[]}]}""", "options[0].values")]
    [InlineData("""{"sku":"V-1","name":"Tee","price":1,"options":[{"name":"Size","values":["S","S"]}]}""", "options[0].values")]
    [InlineData("""{"sku":"V-1","name":"Tee","price":1,"options":[{"name":"Size","values":["S"]},{"name":"Size","values":["M"]}]}""", "options")]
    [InlineData("""{"sku":"V-1","name":"Tee","price":1,"options":[null]}""", "options[0]")]
    [InlineData("""{"sku":"V-1","name":"Tee","price":1,"variants":[null]}""", "variants[0]")]
    public async Task a_badly_shaped_option_or_variant_is_400_naming_it(string body, string field)
    {
        var key = await CatalogKeyAsync();
        var result = await SendText(key, "POST", "/v1/products", body, 400);
        Assert.Equal("validation_failed", await result.CodeAsync());
        var errors = (await result.BodyAsync()).GetProperty("errors");
        Assert.True(errors.EnumerateObject().Any(e => e.Name == field), $"errors name {field}: {errors}");
    }

    [Theory]
    [InlineData("""{"options":[{"name":"Size","values":["S","M"]}],"variants":[{"sku":"W-XL","options":{"Size":"XL"}}]}""")]   // a value not offered
    [InlineData("""{"options":[{"name":"Size","values":["S","M"]}],"variants":[{"sku":"W-S","options":{"Fit":"S"}}]}""")]     // an option not declared
    [InlineData("""{"variants":[{"sku":"W-S","options":{"Size":"S"}}]}""")]                                                     // no options at all
    [InlineData("""{"options":[{"name":"Size","values":["S"]}],"variants":[{"sku":"W-1","options":{"Size":"S"}},{"sku":"W-2","options":{"Size":"S"}}]}""")]
    [InlineData("""{"options":[{"name":"Size","values":["S"]}],"variants":[{"sku":"WIDGET","options":{"Size":"S"}}]}""")]       // the product's own SKU
    public async Task variants_that_are_not_distinct_combinations_of_the_options_are_refused_and_write_nothing(string body)
    {
        var key = await CatalogKeyAsync();
        var id = await CreateProductId(key, "WIDGET");
        var result = await SendText(key, "PATCH", $"/v1/products/{id}", body, 400);
        Assert.Equal("invalid_variants", await result.CodeAsync());
        await Fixture.CatchUpAsync();
        Assert.Equal(1, (await GetJson(key, $"/v1/products/{id}")).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task variants_need_update_catalog_and_a_public_key_sees_them_on_live_products_only()
    {
        var owner = await CatalogKeyAsync();
        var id = (await CreateProduct(owner, Tee("SCARF", Variant("SCARF-BLUE-S", "S", "Blue", stock: 4)))).GetProperty("id").GetString()!;
        var reader = await KeyAsync("read_catalog");
        await Send(reader, "PATCH", $"/v1/products/{id}", new { variants = Array.Empty<object>() }, 403);
        await Send(await KeyAsync("read_catalog,create_catalog"), "POST", "/v1/products", Tee("SCARF-2", Variant("SCARF-2-S", "S", "Blue")), 201);

        await Fixture.CatchUpAsync();
        var storefront = await KeyAsync("read_catalog", isPublic: true);
        var shown = await GetJson(storefront, $"/v1/products/{id}");
        Assert.Equal(4, shown.GetProperty("variants")[0].GetProperty("stock").GetInt32());
        await Send(storefront, "PATCH", $"/v1/products/{id}", new { variants = Array.Empty<object>() }, 403);
        // Another store's key does not find it.
        await GetJson(await KeyAsync(CatalogScopes, tenant: "t" + Guid.NewGuid().ToString("N")[..12]), $"/v1/products/{id}", 404);
    }
}
