using Alba;

namespace Commerce.Api.Tests.Orders;

/// <summary>
/// An order's id is its stream's key, in the key space SKUs' streams share: the inventory routes refuse a SKU that looks
/// like an order id, so no stock event lands in an order's stream.
/// </summary>
public class OrderStreamKeyTests(AppFixture fixture) : OrderTestContext(fixture)
{
    [Fact]
    public async Task an_order_id_is_not_a_sku_and_the_orders_stream_stays_untouched()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 10);
        var placed = await PlaceAsync(key, Order("amazon_in", ("BLUE-TEE-M", 2)));
        var id = placed.GetProperty("id").GetString()!;
        var before = await EventTypesOfAsync(id);

        foreach (var body in new object[] { new { quantity = 5 }, new { adjust = 3 }, new { allocations = new { amazon_in = 1 } } })
        {
            var refused = await Host.Scenario(x =>
            {
                x.WithBearerToken(key);
                x.Patch.Json(body).ToUrl($"/v1/inventory/{id}");
                x.StatusCodeShouldBe(400);
            });
            Assert.Equal("validation_failed", await refused.CodeAsync());
            Assert.True((await refused.BodyAsync()).GetProperty("errors").TryGetProperty("sku", out _));
        }
        // Nor can an order name it as a SKU.
        Assert.Equal("validation_failed", await (await PostOrderAsync(key, Order("amazon_in", (id, 1)), 400)).CodeAsync());

        Assert.Equal(before, await EventTypesOfAsync(id));
        Assert.Equal(["OrderPlaced"], before);
        await PatchJson(key, $"/v1/orders/{id}", new { status = "shipped" });   // the order still works
        Assert.Equal((8, 0), await StockOfAsync("BLUE-TEE-M"));
    }
}
