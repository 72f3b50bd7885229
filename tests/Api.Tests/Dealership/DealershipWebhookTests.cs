using Alba;
using Commerce.Api.Tests.Customers;
using Commerce.Api.Tests.Webhooks;
using Commerce.Domain.Dealership;

namespace Commerce.Api.Tests.Dealership;

/// <summary>The customers' and the dealership's webhook events: in the catalog as raised, and delivered to a receiver.</summary>
public class DealershipWebhookTests(AppFixture fixture) : WebhookTestContext(fixture)
{
    private static readonly string[] Names = ["contact.created", "customer.merged", "deal.won", "deal.lost", "vehicle.sold"];

    [Fact]
    public async Task the_catalog_lists_the_customer_and_dealership_events_as_raised_with_examples()
    {
        var events = (await (await CallAsync(HttpMethod.Get, "/v1/webhook-events")).BodyAsync()).GetProperty("data").EnumerateArray()
            .ToDictionary(e => e.Str("name"));
        foreach (var name in Names)
        {
            Assert.True(events[name].GetProperty("raised").GetBoolean(), name);
            Assert.False(string.IsNullOrEmpty(events[name].Str("description")), name);
            Assert.Equal(name, events[name].GetProperty("example").Str("event"));
        }
    }

    [Fact]
    public async Task contact_created_customer_merged_deal_won_deal_lost_and_vehicle_sold_reach_a_subscribed_webhook()
    {
        await using var receiver = await Receiver.StartAsync();
        await RegisterAsync(receiver.Url, Names);
        var key = await KeyAsync("read_customers,create_customers,update_customers,read_deals,create_deals,update_deals");

        var (store, client) = await DealershipTests.GivenStoreAndClientAsync(Host, key);
        var survivor = (await Host.PostAsync(key, "/v1/customers", new { name = "Maria Santos", email = "maria@email.com" })).Id();
        var duplicate = (await Host.PostAsync(key, "/v1/contacts", new { name = "Maria S.", email = "maria.s@email.com", type = "person" })).Id();
        await Host.SendAsync(key, HttpMethod.Post, $"/v1/customers/{survivor}/merge", new { duplicate_id = duplicate }, 200);
        var vehicle = (await Host.PostAsync(key, "/v1/vehicles", DealershipTests.Civic(store, client))).GetProperty("data").Id();
        var won = (await Host.PostAsync(key, "/v1/deals", new { title = "Venda Civic", value = 142900.00, client_id = client, vehicle_id = vehicle }))
            .GetProperty("data").Id();
        var lost = (await Host.PostAsync(key, "/v1/deals", new { title = "Outra", value = 1000, client_id = client })).GetProperty("data").Id();
        await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{won}", new { status = "ganho", value = 139900.00 }, 200);
        await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{lost}", new { status = "perdido", loss_reason = "Preço" }, 200);
        await Eventually.UntilAsync(async () =>
        {
            await using var session = Store.LightweightSession(Tenant);
            return await session.Events.FetchLatest<Vehicle>(vehicle);
        }, v => v?.Status == VehicleStatuses.Sold, "the vehicle to be sold");
        await Fixture.CatchUpAsync();

        var calls = await receiver.WaitForAsync(7);
        var received = calls.Select(c => (Event: c.Json.Str("event"), Data: c.Json.GetProperty("data"))).ToList();
        Assert.Equal(7, received.Count);
        Assert.Equal(new[] { client, survivor, duplicate }.Order(),
            received.Where(r => r.Event == "contact.created").Select(r => r.Data.Id()).Order());
        Assert.Equal(("client", "Maria S."), (received.Single(r => r.Data.Id() == client).Data.Str("door"),
            received.Single(r => r.Data.Id() == duplicate).Data.Str("name")));

        var merged = received.Single(r => r.Event == "customer.merged").Data;
        Assert.Equal((survivor, duplicate), (merged.Id(), merged.Str("duplicate_id")));
        var dealWon = received.Single(r => r.Event == "deal.won").Data;
        Assert.Equal((won, 139900.00m, vehicle, client, store, "ganho"), (dealWon.Id(), dealWon.GetProperty("value").GetDecimal(), dealWon.Str("vehicle_id"),
            dealWon.Str("client_id"), dealWon.Str("store_id"), dealWon.Str("status")));
        var dealLost = received.Single(r => r.Event == "deal.lost").Data;
        Assert.Equal((lost, "Preço", "perdido"), (dealLost.Id(), dealLost.Str("loss_reason"), dealLost.Str("status")));
        var sold = received.Single(r => r.Event == "vehicle.sold").Data;
        Assert.Equal((vehicle, won, 139900.00m, "vendido"), (sold.Id(), sold.Str("deal_id"), sold.GetProperty("price").GetDecimal(), sold.Str("status")));
    }
}
