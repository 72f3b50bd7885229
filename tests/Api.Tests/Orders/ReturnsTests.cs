using Alba;

namespace Commerce.Api.Tests.Orders;

public class ReturnsTests(AppFixture fixture) : OrderTestContext(fixture)
{
    private async Task<IScenarioResult> PostAsync(string key, string url, object body, int status) => await Host.Scenario(x =>
    {
        x.WithBearerToken(key);
        x.Post.Json(body).ToUrl(url);
        x.StatusCodeShouldBe(status);
    });

    /// <summary>An order of 3 BLUE-TEE-M and 1 RED-CAP, delivered: 7 and 4 units left in stock.</summary>
    private async Task<(string Key, string Id)> DeliveredAsync()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 10);
        await StockAsync(key, "RED-CAP", 5);
        var id = (await PlaceAsync(key, Order("amazon_in", ("BLUE-TEE-M", 3), ("RED-CAP", 1)))).GetProperty("id").GetString()!;
        await PatchJson(key, $"/v1/orders/{id}", new { status = "shipped", awb = "1", courier = "Delhivery" });
        await PatchJson(key, $"/v1/orders/{id}", new { status = "delivered" });
        return (key, id);
    }

    [Fact]
    public async Task a_received_return_restocks_resellable_units_only_and_records_the_refund()
    {
        var (key, id) = await DeliveredAsync();
        var requested = await (await PostAsync(key, $"/v1/orders/{id}/returns",
            new { lines = new[] { new { sku = "BLUE-TEE-M", qty = 2 }, new { sku = "RED-CAP", qty = 1 } }, reason = "wrong size" }, 201)).BodyAsync();
        var returnId = requested.GetProperty("id").GetString()!;
        Assert.StartsWith("ret_", returnId);
        Assert.Equal("requested", requested.GetProperty("status").GetString());

        var received = await (await PostAsync(key, $"/v1/orders/{id}/returns/{returnId}/receive", new
        {
            lines = new[] { new { sku = "BLUE-TEE-M", qty = 1, grade = "resellable" }, new { sku = "BLUE-TEE-M", qty = 1, grade = "damaged" },
                new { sku = "RED-CAP", qty = 1, grade = "damaged" } },
            refund = 1798
        }, 200)).BodyAsync();
        Assert.Equal("received", received.GetProperty("status").GetString());
        Assert.Equal(1798m, received.GetProperty("refund").GetDecimal());
        Assert.Equal((8, 0), await StockOfAsync("BLUE-TEE-M"));   // 7 + 1 resellable
        Assert.Equal((4, 0), await StockOfAsync("RED-CAP"));      // damaged: not restocked

        await Fixture.CatchUpAsync();
        var order = await GetJson(key, $"/v1/orders/{id}");
        Assert.Equal("return", order.GetProperty("status").GetString());
        Assert.Equal("return", order.GetProperty("timeline").EnumerateArray().Last().GetProperty("status").GetString());
        var history = await GetJson(key, "/v1/inventory/BLUE-TEE-M/history");
        Assert.Equal("returned_stock_restocked", history.GetProperty("data").EnumerateArray().Last().GetProperty("type").GetString());

        var list = await GetJson(key, "/v1/returns?status=received");
        var listed = list.GetProperty("data").EnumerateArray().Single();
        Assert.Equal((returnId, id, "amazon_in"), (listed.GetProperty("id").GetString(), listed.GetProperty("order_id").GetString(),
            listed.GetProperty("channel").GetString()));
        Assert.Equal(3, listed.GetProperty("graded").GetArrayLength());
        Assert.Empty((await GetJson(key, "/v1/returns?status=requested")).GetProperty("data").EnumerateArray());
        Assert.Single((await GetJson(key, $"/v1/returns?order_id={id}&channel=amazon_in&from=2026-01-01")).GetProperty("data").EnumerateArray());
        Assert.Empty((await GetJson(key, "/v1/returns?channel=flipkart")).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task a_return_opens_only_after_delivery_and_never_for_more_than_was_ordered()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 10);
        var placed = (await PlaceAsync(key, Order("amazon_in", ("BLUE-TEE-M", 1)))).GetProperty("id").GetString();
        var early = await PostAsync(key, $"/v1/orders/{placed}/returns", new { lines = new[] { new { sku = "BLUE-TEE-M", qty = 1 } } }, 409);
        Assert.Equal("invalid_transition", await early.CodeAsync());

        var (key2, id) = await DeliveredAsync();
        await PostAsync(key2, $"/v1/orders/{id}/returns", new { lines = new[] { new { sku = "BLUE-TEE-M", qty = 2 } } }, 201);
        var more = await PostAsync(key2, $"/v1/orders/{id}/returns", new { lines = new[] { new { sku = "BLUE-TEE-M", qty = 2 } } }, 409);
        Assert.Equal("return_exceeds_order", await more.CodeAsync());
        await PostAsync(key2, $"/v1/orders/{id}/returns", new { lines = new[] { new { sku = "BLUE-TEE-M", qty = 1 } } }, 201);   // the last one
        Assert.Equal("return_exceeds_order",
            await (await PostAsync(key2, $"/v1/orders/{id}/returns", new { lines = new[] { new { sku = "GREEN-SOCK", qty = 1 } } }, 400)).CodeAsync());
    }

    [Fact]
    public async Task grades_must_cover_the_returned_units_and_a_return_is_received_once()
    {
        var (key, id) = await DeliveredAsync();
        var returnId = (await (await PostAsync(key, $"/v1/orders/{id}/returns", new { lines = new[] { new { sku = "BLUE-TEE-M", qty = 2 } } }, 201))
            .BodyAsync()).GetProperty("id").GetString();
        var url = $"/v1/orders/{id}/returns/{returnId}/receive";
        Assert.Equal("grades_do_not_match", await (await PostAsync(key, url,
            new { lines = new[] { new { sku = "BLUE-TEE-M", qty = 1, grade = "resellable" } }, refund = 0 }, 400)).CodeAsync());
        Assert.Equal("refund_exceeds_total", await (await PostAsync(key, url,
            new { lines = new[] { new { sku = "BLUE-TEE-M", qty = 2, grade = "resellable" } }, refund = 100000 }, 409)).CodeAsync());
        Assert.Equal((7, 0), await StockOfAsync("BLUE-TEE-M"));

        var body = new { lines = new[] { new { sku = "BLUE-TEE-M", qty = 2, grade = "resellable" } }, refund = 0 };
        await PostAsync(key, url, body, 200);
        Assert.Equal("return_already_received", await (await PostAsync(key, url, body, 409)).CodeAsync());
        Assert.Equal((9, 0), await StockOfAsync("BLUE-TEE-M"));
        await PostAsync(key, $"/v1/orders/{id}/returns/ret_NOPE/receive", body, 404);
    }

    [Theory]
    [InlineData("""{"lines":[]}""", "lines")]
    [InlineData("""{"lines":[{"sku":"BLUE-TEE-M","qty":0}]}""", "lines[0].qty")]
    public async Task a_bad_return_is_400_naming_the_field(string body, string field)
    {
        var (key, id) = await DeliveredAsync();
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Post.Text(body).ToUrl($"/v1/orders/{id}/returns");
            x.WithRequestHeader("Content-Type", "application/json");
            x.StatusCodeShouldBe(400);
        });
        Assert.Contains((await result.BodyAsync()).GetProperty("errors").EnumerateObject(), e => e.Name.Equals(field, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task returns_need_update_orders_to_open_and_read_orders_to_list()
    {
        var (_, id) = await DeliveredAsync();
        var reader = await KeyAsync("read_orders");
        Assert.Contains("update_orders", (await (await PostAsync(reader, $"/v1/orders/{id}/returns",
            new { lines = new[] { new { sku = "BLUE-TEE-M", qty = 1 } } }, 403)).BodyAsync()).GetProperty("detail").GetString());
        await GetJson(await KeyAsync("read_inventory"), "/v1/returns", 403);
        var stranger = await KeyAsync(OrderScopes, tenant: "t" + Guid.NewGuid().ToString("N")[..12]);
        await PostAsync(stranger, $"/v1/orders/{id}/returns", new { lines = new[] { new { sku = "BLUE-TEE-M", qty = 1 } } }, 404);
    }
}
