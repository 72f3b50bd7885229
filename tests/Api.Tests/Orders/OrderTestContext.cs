using System.Text.Json;
using Alba;

namespace Commerce.Api.Tests.Orders;

/// <summary>What order tests share: stock a SKU, place an order, read a SKU's reservation.</summary>
public abstract class OrderTestContext(AppFixture fixture) : ApiContext(fixture)
{
    protected const string OrderScopes = "read_orders,create_orders,update_orders,read_inventory,update_inventory";

    protected static object Order(string channel, params (string Sku, int Qty)[] items) => new
    {
        channel, customer = new { name = "Priya Sharma", city = "Mumbai", email = "priya@example.com" },
        items = items.Select(i => new { sku = i.Sku, qty = i.Qty, price = 899 }).ToArray(), currency = "INR"
    };

    protected static object Import(string channel, string channelOrderId, params (string Sku, int Qty)[] items) => new
    {
        channel, channel_order_id = channelOrderId, customer = new { name = "Priya Sharma", city = "Mumbai" },
        items = items.Select(i => new { sku = i.Sku, qty = i.Qty, price = 899 }).ToArray()
    };

    protected Task StockAsync(string key, string sku, int quantity, object? allocations = null) =>
        PatchJson(key, $"/v1/inventory/{sku}", allocations is null ? new { quantity } : new { quantity, allocations });

    /// <summary>POST /v1/orders, expecting <paramref name="status"/> (0: any).</summary>
    protected Task<IScenarioResult> PostOrderAsync(string key, object body, int status, IAlbaHost? node = null) => (node ?? Host).Scenario(x =>
    {
        x.WithBearerToken(key);
        x.Post.Json(body).ToUrl("/v1/orders");
        if (status == 0) x.IgnoreStatusCode();
        else x.StatusCodeShouldBe(status);
    });

    protected async Task<JsonElement> PlaceAsync(string key, object body) => await (await PostOrderAsync(key, body, 201)).BodyAsync();

    /// <summary>The SKU's stock as the write side has it (its inline snapshot), without waiting for the read model.</summary>
    protected async Task<(int OnHand, int Reserved)> StockOfAsync(string sku)
    {
        await using var query = Store.QuerySession(Tenant);
        var item = await query.LoadAsync<Commerce.Domain.Inventory.StockItem>(sku);
        return (item!.OnHand, item.Reserved);
    }
}
