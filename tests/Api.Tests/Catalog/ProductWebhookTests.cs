using Commerce.Api.Tests.Webhooks;

namespace Commerce.Api.Tests.Catalog;

public class ProductWebhookTests(AppFixture fixture) : WebhookTestContext(fixture)
{
    [Fact]
    public async Task product_created_updated_and_archived_reach_a_subscribed_webhook()
    {
        await using var receiver = await Receiver.StartAsync();
        await RegisterAsync(receiver.Url, ["product.created", "product.updated", "product.archived"]);
        var key = await KeyAsync("create_catalog,update_catalog");
        var created = await (await CallAsync(HttpMethod.Post, "/v1/products", new { sku = "HOOKED", name = "Hooked Tee", price = 899, status = "live" },
            201, key)).BodyAsync();
        var id = created.GetProperty("id").GetString()!;
        await CallAsync(HttpMethod.Patch, $"/v1/products/{id}", new { price = 950, stock = 3 }, key: key);
        await CallAsync(HttpMethod.Delete, $"/v1/products/{id}", key: key);
        await Fixture.CatchUpAsync();

        var calls = await receiver.WaitForAsync(3);
        Assert.Equal(["product.created", "product.updated", "product.archived"], calls.Select(c => c.Json.GetProperty("event").GetString()));
        var data = calls.Select(c => c.Json.GetProperty("data")).ToList();
        Assert.All(data, d => Assert.Equal(id, d.GetProperty("id").GetString()));
        Assert.Equal("Hooked Tee", data[0].GetProperty("name").GetString());
        Assert.Equal(950, data[1].GetProperty("changes").GetProperty("price").GetDecimal());
        Assert.False(data[1].GetProperty("changes").TryGetProperty("name", out _));   // only what changed
        Assert.Equal("HOOKED", data[2].GetProperty("sku").GetString());
    }

    [Fact]
    public async Task the_catalog_lists_the_product_events_as_raised()
    {
        var events = (await (await CallAsync(HttpMethod.Get, "/v1/webhook-events")).BodyAsync()).GetProperty("data").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("raised").GetBoolean());
        Assert.True(events["product.created"]);
        Assert.True(events["product.updated"]);
        Assert.True(events["product.archived"]);
    }
}
