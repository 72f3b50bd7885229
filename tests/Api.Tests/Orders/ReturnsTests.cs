using Alba;
using Commerce.Domain.Orders;

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

    /// <summary>A delivered order of 2 BLUE-TEE-M with returns of one unit each, requested at the times given; the first received a day later.</summary>
    private async Task GivenReturnsAsync(string orderId, string channel, bool firstReceived, params (string ReturnId, DateTimeOffset At)[] returns)
    {
        var placedAt = new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
        var events = new List<object>
        {
            new OrderPlaced(orderId, channel, null, new Customer("Priya", null, null, null), [new OrderLine("BLUE-TEE-M", 2, 899, 0)], "INR",
                1798, 0, 1798, placedAt.AddDays(1), [], placedAt),
            new OrderShipped(orderId, channel, "1", "Delhivery", placedAt.AddHours(2)), new OrderDelivered(orderId, channel, placedAt.AddDays(2))
        };
        foreach (var (returnId, at) in returns) events.Add(new ReturnRequested(orderId, returnId, [new ReturnLine("BLUE-TEE-M", 1)], "size", at));
        if (firstReceived)
            events.Add(new ReturnReceived(orderId, returns[0].ReturnId, channel, [new GradedLine("BLUE-TEE-M", 1, "damaged")], 899, returns[0].At.AddDays(1)));
        await GivenStream(orderId, [.. events]);
    }

    [Fact]
    public async Task the_returns_list_is_newest_first_and_filters_by_status_channel_order_and_dates()
    {
        var key = await KeyAsync("read_orders");
        await GivenReturnsAsync("ord_A", "amazon_in", true, ("ret_A1", new(2026, 4, 10, 12, 0, 0, TimeSpan.Zero)), ("ret_A2", new(2026, 4, 20, 12, 0, 0, TimeSpan.Zero)));
        await GivenReturnsAsync("ord_B", "flipkart", false, ("ret_B1", new(2026, 4, 15, 12, 0, 0, TimeSpan.Zero)));
        await GivenStream("ord_C", new OrderPlaced("ord_C", "amazon_in", null, new Customer("Rahul", null, null, null), [new OrderLine("BLUE-TEE-M", 1, 899, 0)],
            "INR", 899, 0, 899, Earlier.AddDays(1), [], Earlier));   // no return: not listed
        await Fixture.CatchUpAsync();

        async Task<string[]> IdsAsync(string query) =>
            [.. (await GetJson(key, "/v1/returns" + query)).GetProperty("data").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];

        Assert.Equal(["ret_A2", "ret_B1", "ret_A1"], await IdsAsync(""));
        Assert.Equal(["ret_A1"], await IdsAsync("?status=received"));
        Assert.Equal(["ret_A2", "ret_B1"], await IdsAsync("?status=requested"));
        Assert.Equal(["ret_B1"], await IdsAsync("?channel=flipkart"));
        Assert.Equal(["ret_A2", "ret_A1"], await IdsAsync("?order_id=ord_A"));
        Assert.Equal(["ret_A2"], await IdsAsync("?order_id=ord_A&status=requested"));
        Assert.Empty(await IdsAsync("?order_id=ord_C"));
        Assert.Empty(await IdsAsync("?order_id=ord_B&channel=amazon_in"));
        Assert.Equal(["ret_A2", "ret_B1"], await IdsAsync("?from=2026-04-15"));
        Assert.Equal(["ret_B1", "ret_A1"], await IdsAsync("?to=2026-04-15"));   // a date as the end includes its day
        Assert.Equal(["ret_A1"], await IdsAsync("?to=2026-04-15T00:00:00Z"));   // a time does not
        Assert.Equal(["ret_A2", "ret_B1", "ret_A1"], await IdsAsync("?to=9999-12-31"));
        Assert.Equal(["ret_B1"], await IdsAsync("?from=2026-04-11&to=2026-04-19"));
        Assert.Equal(["ret_A2"], await IdsAsync("?from=2026-04-15T12:00:01Z&channel=amazon_in"));

        var page = await GetJson(key, "/v1/returns?limit=2&page=2");
        Assert.Equal(["ret_A1"], page.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal((3, 2, 2), (page.GetProperty("meta").GetProperty("total").GetInt32(), page.GetProperty("meta").GetProperty("page").GetInt32(),
            page.GetProperty("meta").GetProperty("limit").GetInt32()));
        var received = (await GetJson(key, "/v1/returns?status=received")).GetProperty("data")[0];
        Assert.Equal(("ord_A", "amazon_in", 899m), (received.GetProperty("order_id").GetString(), received.GetProperty("channel").GetString(),
            received.GetProperty("refund").GetDecimal()));
        Assert.Equal(new DateTimeOffset(2026, 4, 11, 12, 0, 0, TimeSpan.Zero), received.GetProperty("received_at").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("?status=lost", "status")]
    [InlineData("?channel=Amazon", "channel")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=2026-13-01", "to")]
    [InlineData("?limit=101", "limit")]
    public async Task a_bad_returns_filter_is_400_naming_it(string query, string field)
    {
        var problem = await GetJson(await KeyAsync("read_orders"), "/v1/returns" + query, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors names {field}");
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
