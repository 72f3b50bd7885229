using System.Text.Json;
using Alba;
using Commerce.Api.Tests.Webhooks;

namespace Commerce.Api.Tests.Orders;

/// <summary>The order webhooks reach a real HTTP receiver: placed, shipped, delivered, cancelled, a return received, an oversold import.</summary>
public class OrderWebhookTests(AppFixture fixture) : OrderTestContext(fixture)
{
    private static readonly string[] OrderEvents =
        ["order.new", "order.shipped", "order.delivered", "order.cancelled", "return.received", "inventory.out"];

    private async Task RegisterAsync(string url)
    {
        var key = await KeyAsync("manage_webhooks");
        await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Post.Json(new { url, events = OrderEvents }).ToUrl("/v1/webhooks");
            x.StatusCodeShouldBe(201);
        });
    }

    private Task PostReturnAsync(string key, string url, object body, int status) => Host.Scenario(x =>
    {
        x.WithBearerToken(key);
        x.Post.Json(body).ToUrl(url);
        x.StatusCodeShouldBe(status);
    });

    [Fact]
    public async Task every_order_event_is_delivered_to_the_subscribed_receiver_with_its_data()
    {
        await using var receiver = await Receiver.StartAsync();
        await RegisterAsync(receiver.Url);
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 10);
        await StockAsync(key, "RED-CAP", 1);

        // Placed, shipped, delivered, a unit returned and received.
        var shipped = (await PlaceAsync(key, Order("amazon_in", ("BLUE-TEE-M", 2)))).GetProperty("id").GetString()!;
        await PatchJson(key, $"/v1/orders/{shipped}", new { status = "shipped", awb = "161234567890", courier = "Delhivery" });
        await PatchJson(key, $"/v1/orders/{shipped}", new { status = "delivered" });
        var returned = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Post.Json(new { lines = new[] { new { sku = "BLUE-TEE-M", qty = 1 } } }).ToUrl($"/v1/orders/{shipped}/returns");
            x.StatusCodeShouldBe(201);
        });
        var returnId = (await returned.BodyAsync()).GetProperty("id").GetString()!;
        await PostReturnAsync(key, $"/v1/orders/{shipped}/returns/{returnId}/receive",
            new { lines = new[] { new { sku = "BLUE-TEE-M", qty = 1, grade = "resellable" } }, refund = 899 }, 200);
        // Placed and cancelled.
        var cancelled = (await PlaceAsync(key, Order("flipkart", ("BLUE-TEE-M", 1)))).GetProperty("id").GetString()!;
        await PatchJson(key, $"/v1/orders/{cancelled}", new { status = "cancelled", reason = "customer_request" });
        // Imported with more units than there are: placed all the same, oversold, and the SKU runs out.
        var oversold = (await PlaceAsync(key, Import("amazon_in", "402-9999999-9999999", ("RED-CAP", 3)))).GetProperty("id").GetString()!;

        await Fixture.CatchUpAsync();
        var calls = await receiver.WaitForAsync(8);
        var events = calls.Select(c => c.Json).ToList();
        var names = events.Select(e => (e.GetProperty("event").GetString(), IdOf(e))).ToList();
        Assert.Equal(8, names.Count);

        (string?, string)[] expected =
        [
            ("order.new", shipped), ("order.shipped", shipped), ("order.delivered", shipped), ("return.received", returnId),
            ("order.new", cancelled), ("order.cancelled", cancelled), ("order.new", oversold), ("inventory.out", "RED-CAP")
        ];
        Assert.Equal(expected.Order(), names.Order());
        // One webhook's deliveries arrive in the order of their events: an order's in the order they happened.
        Assert.Equal(expected[..4], names.Where(n => n.Item2 == shipped || n.Item2 == returnId));
        Assert.Equal(expected[4..6], names.Where(n => n.Item2 == cancelled));

        JsonElement Data(string name, string id) => events.Single(e => e.GetProperty("event").GetString() == name && IdOf(e) == id).GetProperty("data");
        var placed = Data("order.new", shipped);
        Assert.Equal(("amazon_in", 1798m, "new", false), (placed.GetProperty("channel").GetString(), placed.GetProperty("total").GetDecimal(),
            placed.GetProperty("status").GetString(), placed.GetProperty("oversold").GetBoolean()));
        var onItsWay = Data("order.shipped", shipped);
        Assert.Equal(("shipped", "161234567890", "Delhivery"), (onItsWay.GetProperty("status").GetString(), onItsWay.GetProperty("awb").GetString(),
            onItsWay.GetProperty("courier").GetString()));
        Assert.Equal("delivered", Data("order.delivered", shipped).GetProperty("status").GetString());
        var received = Data("return.received", returnId);
        Assert.Equal((shipped, "amazon_in", 899m), (received.GetProperty("order_id").GetString(), received.GetProperty("channel").GetString(),
            received.GetProperty("refund").GetDecimal()));
        Assert.Equal("resellable", received.GetProperty("lines")[0].GetProperty("grade").GetString());
        var off = Data("order.cancelled", cancelled);
        Assert.Equal(("flipkart", "cancelled", "customer_request"), (off.GetProperty("channel").GetString(), off.GetProperty("status").GetString(),
            off.GetProperty("reason").GetString()));
        var import = Data("order.new", oversold);
        Assert.Equal(("402-9999999-9999999", true), (import.GetProperty("channel_order_id").GetString(), import.GetProperty("oversold").GetBoolean()));
        Assert.Equal(0, Data("inventory.out", "RED-CAP").GetProperty("total_stock").GetInt32());
    }

    /// <summary>The resource an event is about: its <c>id</c> (an order, a return), or the SKU of an inventory event.</summary>
    private static string IdOf(JsonElement e)
    {
        var data = e.GetProperty("data");
        return data.TryGetProperty("id", out var id) ? id.GetString()! : data.GetProperty("sku").GetString()!;
    }
}
