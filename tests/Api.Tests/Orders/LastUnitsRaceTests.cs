using Alba;
using Commerce.Api.Tests.Access;
using Commerce.Domain.Inventory;
using Marten;

namespace Commerce.Api.Tests.Orders;

/// <summary>Orders racing for the last units on two nodes: exactly as many succeed as there are units, none oversold.</summary>
public class LastUnitsRaceTests(AppFixture fixture, SecondNode second) : OrderTestContext(fixture), IClassFixture<SecondNode>
{
    [Fact]
    public async Task orders_racing_for_the_last_units_over_two_nodes_never_oversell_and_refusals_reserve_nothing()
    {
        const int rounds = 12;
        const int ordersPerRound = 24;
        var key = await KeyAsync(OrderScopes);
        var nodes = new[] { Host, second.Host };

        for (var round = 0; round < rounds; round++)
        {
            // Two-line orders; the second SKU is the scarcer, so every refused order had units of the first it could have
            // reserved: any partial reservation would show as more reserved than orders placed.
            var (plenty, scarce) = ($"TEE-{round}", $"CAP-{round}");
            const int plentyUnits = 12;
            var scarceUnits = 1 + round % 5;
            await StockAsync(key, plenty, plentyUnits);
            await StockAsync(key, scarce, scarceUnits);

            var answers = await Task.WhenAll(Enumerable.Range(0, ordersPerRound).Select(i => nodes[i % 2].Scenario(x =>
            {
                x.WithBearerToken(key);
                // Lines in both orders, so the transactions lock the same rows whatever order the request names them in.
                x.Post.Json(i % 3 == 0 ? Order("amazon_in", (scarce, 1), (plenty, 1)) : Order("amazon_in", (plenty, 1), (scarce, 1))).ToUrl("/v1/orders");
                x.IgnoreStatusCode();
            })));

            var statuses = answers.Select(a => a.Context.Response.StatusCode).ToList();
            Assert.All(statuses, s => Assert.Contains(s, new[] { 201, 409 }));
            Assert.Equal(scarceUnits, statuses.Count(s => s == 201));
            foreach (var refused in answers.Where(a => a.Context.Response.StatusCode == 409))
            {
                var problem = await refused.BodyAsync();
                Assert.Equal("insufficient_stock", problem.GetProperty("code").GetString());
                Assert.Contains(scarce, problem.GetProperty("detail").GetString());
            }
            Assert.Equal((scarceUnits, scarceUnits), await StockOfAsync(scarce));
            Assert.Equal((plentyUnits, scarceUnits), await StockOfAsync(plenty));   // no partial reservation left by a refusal
            Assert.Equal(scarceUnits, await ReservationsRecordedAsync(plenty));
        }
    }

    [Fact]
    public async Task imports_racing_on_two_nodes_for_one_channel_order_make_one_order()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 10);
        var body = Import("amazon_in", "402-7654321-7654321", ("BLUE-TEE-M", 1));

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => PostOrderAsync(key, body, 0, (i % 2 == 0 ? Host : second.Host)) ));
        Assert.Single(answers, a => a.Context.Response.StatusCode == 201);
        Assert.Equal(11, answers.Count(a => a.Context.Response.StatusCode == 200));
        Assert.Single(answers.Select(a => a.Context.Response.Headers.Location.ToString()).Where(l => l.Length > 0).Distinct());
        Assert.Equal((10, 1), await StockOfAsync("BLUE-TEE-M"));
    }

    private async Task<int> ReservationsRecordedAsync(string sku)
    {
        await using var query = Store.QuerySession(Tenant);
        return (await query.Events.FetchStreamAsync(sku)).Count(e => e.Data is StockReserved);
    }
}
