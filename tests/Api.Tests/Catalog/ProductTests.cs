using System.Text.Json;
using Alba;

namespace Commerce.Api.Tests.Catalog;

public class ProductTests(AppFixture fixture) : CatalogTestContext(fixture)
{
    private static readonly object BlueTee = new
    {
        sku = "BLUE-TEE-M", name = "Premium Cotton T-Shirt – Blue / M", price = 899, stock = 143, cogs = 280, status = "live",
        brand = "Acme", images = new[] { "https://cdn.example.com/img1.jpg" }, description = "Soft cotton.",
        attributes = new Dictionary<string, string> { ["hsn_code"] = "6109" }
    };

    [Fact]
    public async Task post_creates_a_product_with_a_prod_id_its_location_and_version_and_get_reads_it_back()
    {
        var key = await CatalogKeyAsync();
        var result = await Send(key, "POST", "/v1/products", BlueTee, 201);
        var created = await result.BodyAsync();
        var id = created.GetProperty("id").GetString()!;
        Assert.Matches("^prod_[0-9A-Z]{16}$", id);
        Assert.Equal($"/v1/products/{id}", result.Context.Response.Headers.Location.ToString());
        Assert.Equal("\"1\"", result.Context.Response.Headers.ETag.ToString());
        Assert.Equal(143, created.GetProperty("stock").GetInt32());
        Assert.Equal(100, created.GetProperty("health_score").GetInt32());

        await Fixture.CatchUpAsync();
        var read = await GetJson(key, $"/v1/products/{id}");
        Assert.Equal("BLUE-TEE-M", read.GetProperty("sku").GetString());
        Assert.Equal("Premium Cotton T-Shirt – Blue / M", read.GetProperty("name").GetString());
        Assert.Equal(899, read.GetProperty("price").GetDecimal());
        Assert.Equal(280, read.GetProperty("cogs").GetDecimal());
        Assert.Equal(143, read.GetProperty("stock").GetInt32());
        Assert.Equal("live", read.GetProperty("status").GetString());
        Assert.Equal("https://cdn.example.com/img1.jpg", read.GetProperty("images")[0].GetString());
        Assert.Equal("6109", read.GetProperty("attributes").GetProperty("hsn_code").GetString());
        Assert.Equal(JsonValueKind.Object, read.GetProperty("channel_statuses").ValueKind);
        Assert.Equal(100, read.GetProperty("health_score").GetInt32());
        Assert.True(read.TryGetProperty("updated_at", out _));
    }

    [Fact]
    public async Task the_seeds_curl_examples_answer_with_the_fields_they_show()
    {
        var key = await CatalogKeyAsync();
        var id = (await CreateProduct(key, BlueTee)).GetProperty("id").GetString()!;
        await Fixture.CatchUpAsync();

        // curl https://api.ecomlinx.com/v1/products -G -d "limit=20" -d "channel=amazon_in"
        var list = await GetJson(key, "/v1/products?limit=20&channel=amazon_in");
        Assert.Equal(20, list.GetProperty("meta").GetProperty("limit").GetInt32());
        Assert.True(list.GetProperty("meta").TryGetProperty("total", out _));
        Assert.True(list.GetProperty("meta").TryGetProperty("page", out _));
        // Without a listing on amazon_in (a sync of that channel makes them) the product is not on that channel.
        Assert.Empty(list.GetProperty("data").EnumerateArray());
        var all = (await GetJson(key, "/v1/products?limit=20")).GetProperty("data")[0];
        foreach (var field in new[] { "id", "sku", "name", "status", "price", "stock", "health_score", "channels", "updated_at" })
            Assert.True(all.TryGetProperty(field, out _), $"the list shows {field}");

        // curl https://api.ecomlinx.com/v1/products/prod_01HX4
        var one = await GetJson(key, $"/v1/products/{id}");
        foreach (var field in new[] { "id", "sku", "name", "category", "price", "stock", "cogs", "health_score", "channel_statuses", "images", "updated_at" })
            Assert.True(one.TryGetProperty(field, out _), $"the product shows {field}");

        // curl -X PATCH https://api.ecomlinx.com/v1/products/prod_01HX4 -H "Content-Type: application/json" -d '{"price": 950}'
        var patched = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Patch.Text("{\"price\": 950}").ToUrl($"/v1/products/{id}");
            x.WithRequestHeader("Content-Type", "application/json");
            x.StatusCodeShouldBeOk();
        });
        var body = await patched.BodyAsync();
        Assert.Equal(id, body.GetProperty("id").GetString());
        Assert.Equal("Premium Cotton T-Shirt – Blue / M", body.GetProperty("name").GetString());
        Assert.Equal(950, body.GetProperty("price").GetDecimal());
        Assert.Equal(143, body.GetProperty("stock").GetInt32());
        Assert.True(body.TryGetProperty("updated_at", out _));
    }

    [Fact]
    public async Task patch_changes_only_the_fields_given()
    {
        var key = await CatalogKeyAsync();
        var id = (await CreateProduct(key, BlueTee)).GetProperty("id").GetString()!;

        var patched = await (await Send(key, "PATCH", $"/v1/products/{id}", new { name = "Blue Tee", brand = "" }, 200)).BodyAsync();
        Assert.Equal("Blue Tee", patched.GetProperty("name").GetString());
        Assert.Equal(2, patched.GetProperty("version").GetInt64());

        await Fixture.CatchUpAsync();
        var read = await GetJson(key, $"/v1/products/{id}?min_version=2");
        Assert.Equal("Blue Tee", read.GetProperty("name").GetString());
        Assert.Equal(899, read.GetProperty("price").GetDecimal());
        Assert.Equal(280, read.GetProperty("cogs").GetDecimal());
        Assert.Equal(143, read.GetProperty("stock").GetInt32());
        Assert.Equal("live", read.GetProperty("status").GetString());
        Assert.Equal("Soft cotton.", read.GetProperty("description").GetString());
        Assert.Equal("6109", read.GetProperty("attributes").GetProperty("hsn_code").GetString());
        Assert.True(read.GetProperty("brand").ValueKind == JsonValueKind.Null, "an empty brand clears it");

        // A PATCH that changes nothing appends nothing.
        var same = await Send(key, "PATCH", $"/v1/products/{id}", new { name = "Blue Tee" }, 200);
        Assert.Equal("\"2\"", same.Context.Response.Headers.ETag.ToString());
    }

    [Fact]
    public async Task a_duplicate_sku_is_409_naming_the_product_that_holds_it()
    {
        var key = await CatalogKeyAsync();
        var first = await CreateProductId(key, "DUP-SKU");
        var result = await Send(key, "POST", "/v1/products", new { sku = "DUP-SKU", name = "Other", price = 1 }, 409);
        Assert.Equal("conflict", await result.CodeAsync());
        Assert.Contains(first, (await result.BodyAsync()).GetProperty("detail").GetString());

        // Another store may use the same SKU.
        await CreateProduct(await KeyAsync(CatalogScopes, tenant: "t" + Guid.NewGuid().ToString("N")[..12]), new { sku = "DUP-SKU", name = "Mine", price = 1 });
    }

    [Fact]
    public async Task concurrent_creates_of_one_sku_leave_one_product()
    {
        var key = await CatalogKeyAsync();
        var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.PostAsync("/v1/products",
            new StringContent($"{{\"sku\":\"RACE-SKU\",\"name\":\"Racer {i}\",\"price\":10}}", System.Text.Encoding.UTF8, "application/json"))));

        Assert.Single(answers, a => (int)a.StatusCode == 201);
        Assert.Equal(9, answers.Count(a => (int)a.StatusCode == 409));
        await Fixture.CatchUpAsync();
        Assert.Equal(1, (await GetJson(key, "/v1/products?q=RACE-SKU")).GetProperty("meta").GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("sku", null)]
    [InlineData("sku", "bad sku!")]
    [InlineData("name", null)]
    [InlineData("name", "")]
    [InlineData("price", null)]
    [InlineData("price", -1)]
    [InlineData("price", 1.005)]
    [InlineData("status", "archived")]
    [InlineData("stock", -1)]
    [InlineData("cogs", -5)]
    [InlineData("images", "not-a-url")]
    public async Task a_bad_field_on_post_is_400_naming_it_and_writes_nothing(string field, object? value)
    {
        var key = await CatalogKeyAsync();
        var body = new Dictionary<string, object?> { ["sku"] = "VALID-1", ["name"] = "Tee", ["price"] = 10, [field] = field == "images" ? new[] { value } : value };
        var result = await Send(key, "POST", "/v1/products", body, 400);
        Assert.Equal("validation_failed", await result.CodeAsync());
        var errors = (await result.BodyAsync()).GetProperty("errors");
        Assert.True(errors.EnumerateObject().Any(e => e.Name.StartsWith(field)), $"errors name {field}: {errors}");
        await Fixture.CatchUpAsync();
        Assert.Equal(0, (await GetJson(key, "/v1/products")).GetProperty("meta").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task a_patch_without_fields_or_of_an_unknown_product_is_refused()
    {
        var key = await CatalogKeyAsync();
        var id = await CreateProductId(key, "EMPTY-PATCH");
        Assert.Equal("validation_failed", await (await Send(key, "PATCH", $"/v1/products/{id}", new { }, 400)).CodeAsync());
        Assert.Equal("not_found", await (await Send(key, "PATCH", "/v1/products/prod_NOPE", new { price = 1 }, 404)).CodeAsync());
        await Send(key, "GET", "/v1/products/prod_NOPE", null, 404);
    }

    [Fact]
    public async Task a_stale_if_match_is_412_and_writes_nothing()
    {
        var key = await CatalogKeyAsync();
        var id = await CreateProductId(key, "IF-MATCH");
        Assert.Equal("precondition_failed", await (await Send(key, "PATCH", $"/v1/products/{id}", new { price = 5, stock = 3 }, 412, "\"7\"")).CodeAsync());
        await Send(key, "PATCH", $"/v1/products/{id}", new { price = 5 }, 200, "\"1\"");
        await Fixture.CatchUpAsync();
        await GetJson(key, "/v1/inventory/IF-MATCH", 404);   // the refused stock never reached the inventory
    }

    [Fact]
    public async Task delete_archives_the_product_it_leaves_lists_keeps_its_history_and_takes_no_changes()
    {
        var key = await CatalogKeyAsync();
        var id = await CreateProductId(key, "OLD-TEE");
        var archived = await (await Send(key, "DELETE", $"/v1/products/{id}", null, 200)).BodyAsync();
        Assert.Equal("archived", archived.GetProperty("status").GetString());
        await Send(key, "DELETE", $"/v1/products/{id}", null, 200);   // again: a no-op

        await Fixture.CatchUpAsync();
        Assert.Equal(0, (await GetJson(key, "/v1/products")).GetProperty("meta").GetProperty("total").GetInt64());
        Assert.Equal("archived", (await GetJson(key, $"/v1/products/{id}")).GetProperty("status").GetString());
        Assert.Equal("conflict", await (await Send(key, "PATCH", $"/v1/products/{id}", new { price = 1 }, 409)).CodeAsync());
        // Its SKU stays claimed: history must keep meaning one product.
        await Send(key, "POST", "/v1/products", new { sku = "OLD-TEE", name = "New", price = 1 }, 409);

        var history = await GetJson(key, $"/v1/products/{id}/history");
        Assert.Equal(["product_created", "product_archived"], history.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task history_time_travel_and_audit_work_for_products()
    {
        var key = await KeyAsync(CatalogScopes + ",read_audit");
        var id = await CreateProductId(key, "TRAVEL", price: 100, stock: 5);
        await Send(key, "PATCH", $"/v1/products/{id}", new { price = 120, stock = 9 }, 200);
        await Fixture.CatchUpAsync();

        var first = await GetJson(key, $"/v1/products/{id}?version=1");
        Assert.Equal(100, first.GetProperty("price").GetDecimal());
        Assert.Equal(5, first.GetProperty("stock").GetInt32());   // the SKU's stock at that moment
        Assert.Equal(120, (await GetJson(key, $"/v1/products/{id}")).GetProperty("price").GetDecimal());
        await GetJson(key, $"/v1/products/{id}?version=3", 400);

        var history = await GetJson(key, $"/v1/products/{id}/history");
        var updated = history.GetProperty("data")[1];
        Assert.Equal("product_updated", updated.GetProperty("type").GetString());
        Assert.Equal(120, updated.GetProperty("data").GetProperty("changes").GetProperty("price").GetDecimal());
        Assert.Equal($"PATCH /v1/products/{id}", updated.GetProperty("metadata").GetProperty("request_path").GetString());

        var audit = await GetJson(key, $"/v1/audit?resource=products&resource_id={id}");
        Assert.Equal(2, audit.GetProperty("data").GetArrayLength());
        var stockAudit = await GetJson(key, "/v1/audit?resource=inventory&resource_id=TRAVEL");
        Assert.All(stockAudit.GetProperty("data").EnumerateArray(), e => Assert.StartsWith("key_", e.GetProperty("metadata").GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task scopes_decide_who_reads_creates_and_changes_and_tenants_never_meet()
    {
        var owner = await CatalogKeyAsync();
        var id = await CreateProductId(owner, "SCOPED");
        var reader = await KeyAsync("read_catalog");
        Assert.Contains("create_catalog", (await (await Send(reader, "POST", "/v1/products", new { sku = "X", name = "X", price = 1 }, 403)).BodyAsync())
            .GetProperty("detail").GetString());
        Assert.Contains("update_catalog", (await (await Send(reader, "PATCH", $"/v1/products/{id}", new { price = 1 }, 403)).BodyAsync())
            .GetProperty("detail").GetString());
        await Send(reader, "DELETE", $"/v1/products/{id}", null, 403);
        await Send(await KeyAsync("read_inventory"), "GET", "/v1/products", null, 403);

        await Fixture.CatchUpAsync();
        await GetJson(reader, $"/v1/products/{id}");
        var stranger = await KeyAsync(CatalogScopes, tenant: "t" + Guid.NewGuid().ToString("N")[..12]);
        await GetJson(stranger, $"/v1/products/{id}", 404);
        await Send(stranger, "PATCH", $"/v1/products/{id}", new { price = 1 }, 404);
        Assert.Equal(0, (await GetJson(stranger, "/v1/products")).GetProperty("meta").GetProperty("total").GetInt64());
    }
}
