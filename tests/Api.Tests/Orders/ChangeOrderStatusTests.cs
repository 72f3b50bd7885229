using System.Text.Json;
using Alba;

namespace Commerce.Api.Tests.Orders;

public class ChangeOrderStatusTests(AppFixture fixture) : OrderTestContext(fixture)
{
    private async Task<IScenarioResult> PatchOrderAsync(string key, string id, object body, int status, string? ifMatch = null) => await Host.Scenario(x =>
    {
        x.WithBearerToken(key);
        x.Patch.Json(body).ToUrl($"/v1/orders/{id}");
        if (ifMatch is not null) x.WithRequestHeader("If-Match", ifMatch);
        x.StatusCodeShouldBe(status);
    });

    private async Task<(string Key, string Id)> PlacedAsync(int qty = 2, int stock = 10)
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", stock);
        return (key, (await PlaceAsync(key, Order("amazon_in", ("BLUE-TEE-M", qty)))).GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task an_order_goes_through_its_lifecycle_and_shipping_sells_the_reserved_units()
    {
        var (key, id) = await PlacedAsync(qty: 2);
        Assert.Equal("processing", (await (await PatchOrderAsync(key, id, new { status = "processing" }, 200)).BodyAsync()).GetProperty("status").GetString());
        await PatchOrderAsync(key, id, new { status = "ready" }, 200);
        var shipped = await PatchOrderAsync(key, id, new { status = "shipped", awb = "161234567890", courier = "Delhivery" }, 200);
        Assert.Equal("\"4\"", shipped.Context.Response.Headers.ETag.ToString());
        var body = await shipped.BodyAsync();
        Assert.Equal(("shipped", "161234567890", "Delhivery"),
            (body.GetProperty("status").GetString(), body.GetProperty("awb").GetString(), body.GetProperty("courier").GetString()));
        Assert.Equal((8, 0), await StockOfAsync("BLUE-TEE-M"));
        await PatchOrderAsync(key, id, new { status = "delivered" }, 200);

        await Fixture.CatchUpAsync();
        var order = await GetJson(key, $"/v1/orders/{id}");
        Assert.Equal("delivered", order.GetProperty("status").GetString());
        var timeline = order.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(["new", "processing", "ready", "shipped", "delivered"], timeline.Select(t => t.GetProperty("status").GetString()));
        Assert.All(timeline, t => Assert.StartsWith("key_", t.GetProperty("actor").GetString()));
        // The sale feeds the SKU's velocity: 2 units out today over 30 days.
        var sku = await GetJson(key, "/v1/inventory/BLUE-TEE-M");
        Assert.Equal((8, 0, 0.1), (sku.GetProperty("total_stock").GetInt32(), sku.GetProperty("reserved").GetInt32(), sku.GetProperty("velocity").GetDouble()));
    }

    [Fact]
    public async Task cancelling_releases_the_reservation()
    {
        var (key, id) = await PlacedAsync(qty: 3, stock: 3);
        Assert.Equal((3, 3), await StockOfAsync("BLUE-TEE-M"));
        await PatchOrderAsync(key, id, new { status = "cancelled", reason = "customer_request" }, 200);
        Assert.Equal((3, 0), await StockOfAsync("BLUE-TEE-M"));
        await PlaceAsync(key, Order("flipkart", ("BLUE-TEE-M", 3)));   // the units are for sale again
    }

    [Theory]
    [InlineData(new[] { "shipped" }, "cancelled", "delivered")]
    [InlineData(new[] { "cancelled" }, "processing", "final")]
    [InlineData(new[] { "ready" }, "processing", "shipped, cancelled")]
    [InlineData(new string[0], "delivered", "processing, ready, shipped, cancelled")]
    public async Task a_step_the_lifecycle_does_not_allow_is_409_listing_where_the_order_can_go(string[] before, string to, string allowed)
    {
        var (key, id) = await PlacedAsync();
        foreach (var status in before) await PatchOrderAsync(key, id, new { status }, 200);
        var stock = await StockOfAsync("BLUE-TEE-M");

        var refused = await PatchOrderAsync(key, id, new { status = to }, 409);
        Assert.Equal("invalid_transition", await refused.CodeAsync());
        Assert.Contains(allowed, (await refused.BodyAsync()).GetProperty("detail").GetString());
        Assert.Equal(stock, await StockOfAsync("BLUE-TEE-M"));
    }

    [Fact]
    public async Task a_stale_if_match_is_412_and_changes_nothing()
    {
        var (key, id) = await PlacedAsync();
        var stale = await PatchOrderAsync(key, id, new { status = "shipped" }, 412, "\"7\"");
        Assert.Equal("precondition_failed", await stale.CodeAsync());
        Assert.Equal((10, 2), await StockOfAsync("BLUE-TEE-M"));
        await PatchOrderAsync(key, id, new { status = "shipped" }, 200, "\"1\"");
    }

    [Theory]
    [InlineData("""{}""", "status")]
    [InlineData("""{"status":"lost"}""", "status")]
    [InlineData("""{"status":"return"}""", "status")]
    [InlineData("""{"status":"new"}""", "status")]
    [InlineData("""{"status":"processing","awb":"1"}""", "awb")]
    [InlineData("""{"status":"shipped","reason":"x"}""", "reason")]
    public async Task a_bad_body_is_400_naming_the_field(string body, string field)
    {
        var (key, id) = await PlacedAsync();
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Patch.Text(body).ToUrl($"/v1/orders/{id}");
            x.WithRequestHeader("Content-Type", "application/json");
            x.StatusCodeShouldBe(400);
        });
        Assert.True((await result.BodyAsync()).GetProperty("errors").TryGetProperty(field, out _), $"errors names {field}");
    }

    [Fact]
    public async Task an_unknown_order_is_404_and_changing_one_needs_update_orders()
    {
        var (key, id) = await PlacedAsync();
        await PatchOrderAsync(key, "ord_NOSUCHORDER00000", new { status = "processing" }, 404);
        var reader = await KeyAsync("read_orders,create_orders");
        var forbidden = await PatchOrderAsync(reader, id, new { status = "processing" }, 403);
        Assert.Contains("update_orders", (await forbidden.BodyAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task the_order_webhooks_are_raised()
    {
        var key = await KeyAsync("manage_webhooks");
        var events = (await GetJson(key, "/v1/webhook-events")).GetProperty("data").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("raised").GetBoolean());
        Assert.All(new[] { "order.new", "order.shipped", "order.delivered", "order.cancelled" }, name => Assert.True(events[name], name));
    }

    [Fact]
    public async Task the_seeds_patch_example_ships_the_order_and_answers_its_fields()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 143);
        await SeedOrderAsync(Tenant, Store);

        // curl -X PATCH https://api.ecomlinx.com/v1/orders/ord_8FZ2K -H "Content-Type: application/json"
        //   -d '{"status":"shipped","awb":"161234567890","courier":"Delhivery"}'
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Patch.Text("""{"status":"shipped","awb":"161234567890","courier":"Delhivery"}""").ToUrl("/v1/orders/ord_8FZ2K");
            x.WithRequestHeader("Content-Type", "application/json");
            x.StatusCodeShouldBe(200);
        });
        var body = await result.BodyAsync();
        Assert.Equal("ord_8FZ2K", body.GetProperty("id").GetString());
        Assert.Equal("shipped", body.GetProperty("status").GetString());
        Assert.Equal("161234567890", body.GetProperty("awb").GetString());
        Assert.Equal("Delhivery", body.GetProperty("courier").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("updated_at").ValueKind);
        Assert.Equal((142, 0), await StockOfAsync("BLUE-TEE-M"));
    }

    /// <summary>The seed's order ord_8FZ2K (its id is the seed's, so its curl examples run unchanged), placed through its events.</summary>
    internal static async Task SeedOrderAsync(string tenant, Marten.IDocumentStore store)
    {
        var placedAt = new DateTimeOffset(2026, 4, 17, 7, 45, 0, TimeSpan.Zero);
        await using var session = store.LightweightSession(tenant);
        session.Events.Append("BLUE-TEE-M", new Commerce.Domain.Inventory.StockReserved("BLUE-TEE-M", "ord_8FZ2K", "amazon_in", 1, 0, 0, 1, placedAt));
        session.Events.StartStream("ord_8FZ2K", new Commerce.Domain.Orders.OrderPlaced("ord_8FZ2K", "amazon_in", "402-1234567-1234567",
            new("Priya Sharma", "Mumbai", "priya@example.com", null), [new("BLUE-TEE-M", 1, 899, 0)], "INR", 899, 0, 899,
            new DateTimeOffset(2026, 4, 18, 10, 0, 0, TimeSpan.Zero), [], placedAt));
        await session.SaveChangesAsync();
    }
}
