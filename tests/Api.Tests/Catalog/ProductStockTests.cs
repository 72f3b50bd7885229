using System.Net;
using System.Text;
using Commerce.Domain.Inventory;
using Marten;

namespace Commerce.Api.Tests.Catalog;

/// <summary>A product's stock is its SKU's inventory stream: one figure, one decision, whichever route changes it.</summary>
public class ProductStockTests(AppFixture fixture) : CatalogTestContext(fixture)
{
    [Fact]
    public async Task a_product_patch_of_stock_and_an_inventory_patch_change_one_figure_that_both_routes_show()
    {
        var key = await CatalogKeyAsync();
        var id = await CreateProductId(key, "ONE-TRUTH", stock: 143);
        var patched = await (await Send(key, "PATCH", $"/v1/products/{id}", new { stock = 120 }, 200)).BodyAsync();
        Assert.Equal(120, patched.GetProperty("stock").GetInt32());

        var inventory = await PatchJson(key, "/v1/inventory/ONE-TRUTH", new { adjust = 17 });
        Assert.Equal(137, inventory.GetProperty("total_stock").GetInt32());
        var product = await (await Send(key, "PATCH", $"/v1/products/{id}", new { name = "Renamed" }, 200)).BodyAsync();
        Assert.Equal(137, product.GetProperty("stock").GetInt32());   // the write answers the stock its transaction saw

        await Fixture.CatchUpAsync();
        Assert.Equal(137, (await GetJson(key, $"/v1/products/{id}")).GetProperty("stock").GetInt32());
        Assert.Equal(137, (await GetJson(key, "/v1/inventory/ONE-TRUTH")).GetProperty("total_stock").GetInt32());
        Assert.Equal(137, (await GetJson(key, "/v1/products?q=ONE-TRUTH")).GetProperty("data")[0].GetProperty("stock").GetInt32());

        // The same events as PATCH /v1/inventory: the product's stock change is a stock_level_set on the SKU's stream.
        var history = await GetJson(key, "/v1/inventory/ONE-TRUTH/history");
        Assert.Equal(["inventory_tracked", "stock_level_set", "stock_level_set", "stock_adjusted"],
            history.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task a_product_adopts_the_stock_its_sku_already_has()
    {
        var key = await CatalogKeyAsync();
        await PatchJson(key, "/v1/inventory/TRACKED-FIRST", new { quantity = 60 });
        var created = await CreateProduct(key, new { sku = "TRACKED-FIRST", name = "Late product", price = 10 });
        Assert.Equal(60, created.GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task a_stock_the_inventory_refuses_refuses_the_whole_patch()
    {
        var key = await CatalogKeyAsync();
        var id = await CreateProductId(key, "ALLOCATED", price: 100, stock: 50);
        await PatchJson(key, "/v1/inventory/ALLOCATED", new { allocations = new Dictionary<string, int> { ["amazon_in"] = 40 } });

        var refused = await Send(key, "PATCH", $"/v1/products/{id}", new { price = 150, stock = 10 }, 409);
        Assert.Equal(StockDecisions.InsufficientStock, await refused.CodeAsync());
        await Fixture.CatchUpAsync();
        var product = await GetJson(key, $"/v1/products/{id}");
        Assert.Equal(100, product.GetProperty("price").GetDecimal());   // nothing half-written
        Assert.Equal(1, product.GetProperty("version").GetInt64());
        Assert.Equal(50, product.GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task racing_product_and_inventory_patches_on_one_sku_lose_nothing()
    {
        var key = await CatalogKeyAsync();
        var id = await CreateProductId(key, "RACE-STOCK", stock: 1000);
        var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

        // Product PATCHes set absolute levels (and the price), inventory PATCHes adjust: interleaved, on one SKU.
        var requests = Enumerable.Range(0, 60).Select(i => i % 2 == 0
            ? client.PatchAsync($"/v1/products/{id}", Json($"{{\"stock\":{500 + i},\"price\":{i + 1}}}"))
            : client.PatchAsync("/v1/inventory/RACE-STOCK", Json("{\"adjust\":-3}")));
        var answers = await Task.WhenAll(requests);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));

        // Every write is on the stream, each decided over the state the one before it left: no update was lost.
        await using var session = Store.QuerySession(Tenant);
        var events = await session.Events.FetchStreamAsync("RACE-STOCK");
        Assert.Equal(31, events.Count(e => e.Data is StockLevelSet));   // the creation set 1000
        Assert.Equal(30, events.Count(e => e.Data is StockAdjusted));
        var onHand = 0;
        foreach (var e in events)
            switch (e.Data)
            {
                case StockLevelSet set:
                    Assert.Equal(set.OnHandAfter - onHand, set.Delta);
                    onHand = set.OnHandAfter;
                    break;
                case StockAdjusted adjusted:
                    Assert.Equal(onHand + adjusted.Delta, adjusted.OnHandAfter);
                    onHand = adjusted.OnHandAfter;
                    break;
            }
        Assert.Equal(31, (await session.Events.FetchStreamAsync(id)).Count);   // created + 30 updates

        // The races' retried transactions leave gaps in the event sequence; the catch-up waits them out.
        await Fixture.CatchUpAsync();
        Assert.Equal(onHand, (await GetJson(key, "/v1/inventory/RACE-STOCK")).GetProperty("total_stock").GetInt32());
        Assert.Equal(onHand, (await GetJson(key, $"/v1/products/{id}")).GetProperty("stock").GetInt32());
    }
}
