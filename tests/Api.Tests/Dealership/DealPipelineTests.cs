using System.Text.Json;
using Alba;
using Commerce.Api.Tests.Customers;
using Commerce.Domain.Dealership;

namespace Commerce.Api.Tests.Dealership;

public class DealPipelineTests(AppFixture fixture) : ApiContext(fixture)
{
    [Fact]
    public async Task the_pipeline_figures_equal_the_deals_created()
    {
        var key = await KeyAsync("read_customers,create_customers,read_deals,create_deals,update_deals");
        var (store, client) = await DealershipTests.GivenStoreAndClientAsync(Host, key);
        var other = (await Host.PostAsync(key, "/v1/stores", new { name = "Loja Norte" })).GetProperty("data").Id();
        async Task<string> Deal(string phase, decimal value, string source, string storeId) =>
            (await Host.PostAsync(key, "/v1/deals", new { title = "Deal", value, phase, client_id = client, source, store_id = storeId })).GetProperty("data").Id();

        await Deal("lead", 100, "showroom", store);
        await Deal("lead", 200, "site", store);
        await Deal("proposta", 300, "site", other);
        var won1 = await Deal("negociacao", 1000, "showroom", store);
        var won2 = await Deal("fechamento", 2000, "site", other);
        var lost = await Deal("proposta", 500, "showroom", store);
        await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{won1}", new { status = "ganho", value = 900 }, 200);
        await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{won2}", new { status = "ganho" }, 200);
        await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{lost}", new { status = "perdido", loss_reason = "Preço" }, 200);

        await Fixture.CatchUpAsync();
        var body = await GetJson(key, "/v1/deals/pipeline");
        Assert.True(body.GetProperty("success").GetBoolean());
        var data = body.GetProperty("data");
        Assert.Equal([("lead", 2, 300m), ("qualificacao", 0, 0m), ("proposta", 1, 300m), ("negociacao", 0, 0m), ("fechamento", 0, 0m)],
            data.GetProperty("phases").EnumerateArray().Select(p => (p.Str("phase"), p.GetProperty("count").GetInt32(), p.GetProperty("value").GetDecimal())));
        Assert.Equal((3, 600m), Figures(data.GetProperty("open")));
        Assert.Equal((2, 2900m), Figures(data.GetProperty("won")));
        Assert.Equal((1, 500m), Figures(data.GetProperty("lost")));
        Assert.Equal(0.6667m, data.GetProperty("win_rate").GetDecimal());
        Assert.InRange(data.GetProperty("average_days_to_win").GetDecimal(), 0m, 0.01m);   // won within the test

        var byStore = data.GetProperty("by_store").EnumerateArray().ToDictionary(g => g.Str("key"));
        Assert.Equal(((2, 300m), (1, 900m), (1, 500m), 0.5m), Group(byStore[store]));
        Assert.Equal(((1, 300m), (1, 2000m), (0, 0m), 1m), Group(byStore[other]));
        var bySource = data.GetProperty("by_source").EnumerateArray().ToDictionary(g => g.Str("key"));
        Assert.Equal(((1, 100m), (1, 900m), (1, 500m), 0.5m), Group(bySource["showroom"]));
        Assert.Equal(((2, 500m), (1, 2000m), (0, 0m), 1m), Group(bySource["site"]));

        var empty = await GetJson(await KeyAsync("read_deals", tenant: "t" + Guid.NewGuid().ToString("N")[..12]), "/v1/deals/pipeline");
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("data").GetProperty("win_rate").ValueKind);
        Assert.Equal((0, 0m), Figures(empty.GetProperty("data").GetProperty("open")));
    }

    [Fact]
    public async Task average_days_to_win_is_the_mean_from_creation_to_won_overall_per_store_and_per_source()
    {
        // Deals with a history of days, written as their events: created at Earlier, closed days later.
        async Task Deal(string id, string store, string source, decimal value, params object[] closing) =>
            await GivenStream(id, [new DealCreated(id, new DealDetails("Deal", value, "proposta", 50, "client", null, store, source, []), Earlier), .. closing]);
        await Deal("d1", "north", "site", 1000, new DealWon("d1", 900, "client", null, "north", Earlier.AddDays(3)));
        await Deal("d2", "north", "showroom", 2000, new DealWon("d2", 2000, "client", null, "north", Earlier.AddDays(10)));
        await Deal("d3", "south", "site", 4000, new DealWon("d3", 4000, "client", null, "south", Earlier.AddDays(2).AddHours(12)));
        await Deal("d4", "south", "site", 8000, new DealLost("d4", "Preço", Earlier.AddDays(1)));
        await Deal("d5", "south", "showroom", 500);

        await Fixture.CatchUpAsync();
        var data = (await GetJson(await KeyAsync("read_deals"), "/v1/deals/pipeline")).GetProperty("data");
        Assert.Equal(5.17m, data.GetProperty("average_days_to_win").GetDecimal());   // (3 + 10 + 2.5) / 3
        Assert.Equal(0.75m, data.GetProperty("win_rate").GetDecimal());
        Assert.Equal((3, 6900m), Figures(data.GetProperty("won")));
        Assert.Equal((1, 500m), Figures(data.GetProperty("phases")[2]));
        var byStore = data.GetProperty("by_store").EnumerateArray().ToDictionary(g => g.Str("key"));
        Assert.Equal(6.5m, byStore["north"].GetProperty("average_days_to_win").GetDecimal());
        Assert.Equal(2.5m, byStore["south"].GetProperty("average_days_to_win").GetDecimal());
        Assert.Equal(((1, 500m), (1, 4000m), (1, 8000m), 0.5m), Group(byStore["south"]));
        var bySource = data.GetProperty("by_source").EnumerateArray().ToDictionary(g => g.Str("key"));
        Assert.Equal(2.75m, bySource["site"].GetProperty("average_days_to_win").GetDecimal());
        Assert.Equal(10m, bySource["showroom"].GetProperty("average_days_to_win").GetDecimal());
        Assert.Equal(0.6667m, bySource["site"].GetProperty("win_rate").GetDecimal());
    }

    private static (int, decimal) Figures(JsonElement f) => (f.GetProperty("count").GetInt32(), f.GetProperty("value").GetDecimal());

    private static ((int, decimal), (int, decimal), (int, decimal), decimal) Group(JsonElement g) =>
        (Figures(g.GetProperty("open")), Figures(g.GetProperty("won")), Figures(g.GetProperty("lost")), g.GetProperty("win_rate").GetDecimal());
}
