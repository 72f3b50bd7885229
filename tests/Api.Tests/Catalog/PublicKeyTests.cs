using System.Text.Json;

namespace Commerce.Api.Tests.Catalog;

/// <summary>A public key (<c>cc_pk_</c>) reads what a storefront shows: live products, categories, the public profile; nothing else.</summary>
public class PublicKeyTests(AppFixture fixture) : CatalogTestContext(fixture)
{
    [Fact]
    public async Task a_public_key_lists_and_gets_only_live_products()
    {
        var owner = await CatalogKeyAsync();
        var live = await CreateProductId(owner, "SHOWN", status: "live");
        var draft = await CreateProductId(owner, "HIDDEN-DRAFT", status: "draft");
        var inactive = await CreateProductId(owner, "HIDDEN-OFF", status: "inactive");
        var archived = await CreateProductId(owner, "HIDDEN-GONE", status: "live");
        await Send(owner, "DELETE", $"/v1/products/{archived}", null, 200);
        await Fixture.CatchUpAsync();

        var storefront = await KeyAsync("read_catalog", isPublic: true);
        var list = await GetJson(storefront, "/v1/products");
        Assert.Equal([live], list.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(1, list.GetProperty("meta").GetProperty("total").GetInt64());
        Assert.Empty(( await GetJson(storefront, "/v1/products?status=draft")).GetProperty("data").EnumerateArray());
        await GetJson(storefront, $"/v1/products/{live}");
        foreach (var hidden in new[] { draft, inactive, archived }) await GetJson(storefront, $"/v1/products/{hidden}", 404);
        await GetJson(storefront, $"/v1/products/{draft}?version=1", 404);   // nor as it was
    }

    [Fact]
    public async Task everything_else_is_403_for_a_public_key()
    {
        var owner = await CatalogKeyAsync();
        var id = await CreateProductId(owner, "PUBLIC-403", stock: 5);
        var storefront = await KeyAsync("read_catalog,public_storefront", isPublic: true);

        await Send(storefront, "POST", "/v1/products", new { sku = "X", name = "X", price = 1 }, 403);
        var patch = await Send(storefront, "PATCH", $"/v1/products/{id}", new { price = 1 }, 403);
        Assert.Contains("secret key", (await patch.BodyAsync()).GetProperty("detail").GetString());
        await Send(storefront, "DELETE", $"/v1/products/{id}", null, 403);
        await GetJson(storefront, $"/v1/products/{id}/history", 403);
        await GetJson(storefront, "/v1/inventory/PUBLIC-403", 403);
        await GetJson(storefront, "/v1/audit", 403);
        await GetJson(storefront, "/v1/webhooks", 403);
    }

    [Fact]
    public async Task public_storefront_reads_the_stores_public_profile_without_its_email()
    {
        var profile = await KeyAsync("update_store_profile");
        await Host.Scenario(x =>
        {
            x.WithBearerToken(profile);
            x.Put.Json(new { name = "Acme Apparel", email = "owner@acme.example", currency = "INR", timezone = "Asia/Kolkata" }).ToUrl("/v1/profile");
        });
        await Fixture.CatchUpAsync();

        var storefront = await KeyAsync("public_storefront", isPublic: true);
        var shown = await GetJson(storefront, "/v1/storefront");
        Assert.Equal("Acme Apparel", shown.GetProperty("name").GetString());
        Assert.Equal("INR", shown.GetProperty("currency").GetString());
        Assert.False(shown.TryGetProperty("email", out var email) && email.ValueKind != JsonValueKind.Null);
        await GetJson(storefront, "/v1/products", 403);   // products need read_catalog
        await GetJson(await KeyAsync("read_catalog", isPublic: true), "/v1/storefront", 403);
    }
}
