using Alba;
using Commerce.Api.Tests.Access;
using Commerce.Api.Tests.Customers;
using Commerce.Domain.Dealership;

namespace Commerce.Api.Tests.Dealership;

/// <summary>Two deals racing to win one vehicle over two nodes: one winner, one 409, and the vehicle sold by the winner.</summary>
public class DealRaceTests(AppFixture fixture, SecondNode second) : ApiContext(fixture), IClassFixture<SecondNode>
{
    [Fact]
    public async Task two_deals_racing_to_win_one_vehicle_over_two_nodes_end_with_one_winner_and_one_409()
    {
        var key = await KeyAsync("read_customers,create_customers,read_deals,create_deals,update_deals");
        var (store, client) = await DealershipTests.GivenStoreAndClientAsync(Host, key);
        var vehicle = (await Host.PostAsync(key, "/v1/vehicles", DealershipTests.Civic(store, client))).GetProperty("data").Id();

        // Two hosts of the API on one database: nothing in memory (stream gates, caches) is shared between them.
        Assert.NotSame(Host.Services, second.Host.Services);
        for (var round = 0; round < 5; round++)
        {
            var roundVehicle = round == 0 ? vehicle
                : (await Host.PostAsync(key, "/v1/vehicles", DealershipTests.Civic(store, client, $"RAC{round}A{round}{round}"))).GetProperty("data").Id();
            var deals = new List<string>();
            for (var i = 0; i < 2; i++)
                deals.Add((await Host.PostAsync(key, "/v1/deals", new { title = $"Deal {i}", value = 100000 + i, client_id = client, vehicle_id = roundVehicle }))
                    .GetProperty("data").Id());

            var nodes = new[] { Host, second.Host };
            var answers = await Task.WhenAll(deals.Select((deal, i) => nodes[i].Scenario(x =>
            {
                x.WithBearerToken(key);
                x.Put.Json(new { status = "ganho" }).ToUrl($"/v1/deals/{deal}");
                x.IgnoreStatusCode();
            })));

            var statuses = answers.Select(a => a.Context.Response.StatusCode).Order().ToList();
            Assert.Equal([200, 409], statuses);
            var winner = deals[Array.FindIndex(answers, a => a.Context.Response.StatusCode == 200)];
            var loser = answers.Single(a => a.Context.Response.StatusCode == 409);
            var problem = await loser.BodyAsync();
            Assert.Equal("vehicle_sold", problem.Str("code"));
            Assert.Contains(winner, problem.Str("detail"));

            var sold = await Eventually.UntilAsync(async () =>
            {
                await using var session = Store.LightweightSession(Tenant);
                return await session.Events.FetchLatest<Vehicle>(roundVehicle);
            }, v => v?.Status == VehicleStatuses.Sold, "the vehicle to be sold");
            Assert.Equal(winner, sold!.SoldByDeal);
            await using var query = Store.LightweightSession(Tenant);
            var sales = (await query.Events.FetchStreamAsync(roundVehicle)).Select(e => e.Data).OfType<VehicleSold>().ToList();
            Assert.Equal(winner, Assert.Single(sales).DealId);   // sold once
            var states = new List<string>();
            foreach (var deal in deals) states.Add((await query.Events.FetchLatest<Deal>(deal))!.Status);
            Assert.Equal([DealStatuses.Open, DealStatuses.Won], states.Order());
        }
    }
}
