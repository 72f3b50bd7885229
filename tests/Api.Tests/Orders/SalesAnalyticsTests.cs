using System.Text.Json;
using Alba;

namespace Commerce.Api.Tests.Orders;

public class SalesAnalyticsTests(AppFixture fixture) : OrderTestContext(fixture)
{
    private static Dictionary<string, JsonElement> ByKey(JsonElement answer) =>
        answer.GetProperty("data").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);

    private static (long Orders, long Units, decimal Revenue, long Returns) Figures(JsonElement g) =>
        (g.GetProperty("orders").GetInt64(), g.GetProperty("units").GetInt64(), g.GetProperty("revenue").GetDecimal(), g.GetProperty("returns").GetInt64());

    [Fact]
    public async Task sales_add_up_to_the_orders_placed_by_day_channel_and_sku_and_survive_a_rebuild()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 50);
        await StockAsync(key, "RED-CAP", 50);
        var amazon = (await PlaceAsync(key, Order("amazon_in", ("BLUE-TEE-M", 2), ("RED-CAP", 1)))).GetProperty("id").GetString();   // 2697
        await PlaceAsync(key, Order("flipkart", ("BLUE-TEE-M", 1)));                                                                  // 899
        var cancelled = (await PlaceAsync(key, Order("flipkart", ("RED-CAP", 5)))).GetProperty("id").GetString();                     // not a sale
        await PatchJson(key, $"/v1/orders/{cancelled}", new { status = "cancelled" });
        await PatchJson(key, $"/v1/orders/{amazon}", new { status = "shipped" });
        await PatchJson(key, $"/v1/orders/{amazon}", new { status = "delivered" });
        var returned = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Post.Json(new { lines = new[] { new { sku = "RED-CAP", qty = 1 } } }).ToUrl($"/v1/orders/{amazon}/returns");
            x.StatusCodeShouldBe(201);
        });
        var returnId = (await returned.BodyAsync()).GetProperty("id").GetString();
        await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Post.Json(new { lines = new[] { new { sku = "RED-CAP", qty = 1, grade = "resellable" } }, refund = 899 })
                .ToUrl($"/v1/orders/{amazon}/returns/{returnId}/receive");
            x.StatusCodeShouldBe(200);
        });

        await Fixture.CatchUpAsync();
        var byChannel = await GetJson(key, "/v1/analytics/sales?group_by=channel");
        var channels = ByKey(byChannel);
        Assert.Equal((1, 3, 2697m, 1), Figures(channels["amazon_in"]));
        Assert.Equal(899m, channels["amazon_in"].GetProperty("refunds").GetDecimal());
        Assert.Equal((1, 1, 899m, 0), Figures(channels["flipkart"]));
        Assert.Equal((2, 4, 3596m, 1), Figures(byChannel.GetProperty("totals")));

        var skus = ByKey(await GetJson(key, "/v1/analytics/sales?group_by=sku"));
        Assert.Equal((2, 3, 2697m, 0), Figures(skus["BLUE-TEE-M"]));
        Assert.Equal((1, 1, 899m, 1), Figures(skus["RED-CAP"]));

        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd");
        var byDay = await GetJson(key, $"/v1/analytics/sales?from={today}&to={today}");
        Assert.Equal("day", byDay.GetProperty("group_by").GetString());
        Assert.Equal((2, 4, 3596m, 1), Figures(ByKey(byDay)[today]));
        Assert.Empty(ByKey(await GetJson(key, "/v1/analytics/sales?to=2026-01-01")));
        Assert.Equal((2, 4, 3596m, 1), Figures(ByKey(await GetJson(key, $"/v1/analytics/sales?from={today}&to=9999-12-31"))[today]));

        // Rebuilt from the events, the read model answers the same figures.
        var admin = await KeyAsync("admin");
        var started = await Host.Scenario(x =>
        {
            x.WithBearerToken(admin);
            x.Post.Url("/v1/admin/projections/OrderView/rebuild");
            x.StatusCodeShouldBe(202);
        });
        var job = started.Context.Response.Headers.Location.ToString();
        await Eventually.UntilAsync(async () => (await GetJson(admin, job + "?wait_ms=1000")).GetProperty("state").GetString(),
            state => state != "running", "the rebuild to finish", seconds: 60);
        Assert.Equal("completed", (await GetJson(admin, job)).GetProperty("state").GetString());
        await Fixture.CatchUpAsync();
        Assert.Equal(byChannel.GetRawText(), (await GetJson(key, "/v1/analytics/sales?group_by=channel")).GetRawText());
    }

    [Theory]
    [InlineData("?group_by=week", "group_by")]
    [InlineData("?from=soon", "from")]
    public async Task a_bad_parameter_is_400_naming_it(string query, string field)
    {
        var problem = await GetJson(await KeyAsync("read_orders"), "/v1/analytics/sales" + query, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task analytics_need_read_orders_and_see_only_the_tenants_orders()
    {
        await GetJson(await KeyAsync("read_inventory"), "/v1/analytics/sales", 403);
        var empty = await GetJson(await KeyAsync("read_orders"), "/v1/analytics/sales");
        Assert.Equal(0, empty.GetProperty("totals").GetProperty("orders").GetInt64());
    }
}
