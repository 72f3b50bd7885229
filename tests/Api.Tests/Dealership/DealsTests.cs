using System.Text.Json;
using Alba;
using Commerce.Api.Tests.Customers;

namespace Commerce.Api.Tests.Dealership;

/// <summary>A deal's references and fields, checked on create and on every change; its pipeline; won and lost for good.</summary>
public class DealsTests(AppFixture fixture) : ApiContext(fixture)
{
    private const string Scopes = "read_customers,create_customers,update_customers,read_deals,create_deals,update_deals";

    [Fact]
    public async Task a_deal_names_a_client_vehicle_and_store_of_the_tenant_on_create_and_on_change()
    {
        var key = await KeyAsync(Scopes);
        var (store, client) = await DealershipTests.GivenStoreAndClientAsync(Host, key);
        var vehicle = (await Host.PostAsync(key, "/v1/vehicles", DealershipTests.Civic(store, client))).GetProperty("data").Id();
        var stranger = await KeyAsync(Scopes, tenant: "t" + Guid.NewGuid().ToString("N")[..12]);
        var (theirStore, theirClient) = await DealershipTests.GivenStoreAndClientAsync(Host, stranger);
        var theirVehicle = (await Host.PostAsync(stranger, "/v1/vehicles", DealershipTests.Civic(theirStore, theirClient))).GetProperty("data").Id();
        var missing = Guid.CreateVersion7().ToString();

        foreach (var (body, code) in new (object, string)[]
                 {
                     (new { title = "Venda", value = 1, client_id = missing }, "unknown_client"),
                     (new { title = "Venda", value = 1, client_id = theirClient }, "unknown_client"),
                     (new { title = "Venda", value = 1, client_id = client, vehicle_id = missing }, "unknown_vehicle"),
                     (new { title = "Venda", value = 1, client_id = client, vehicle_id = theirVehicle }, "unknown_vehicle"),
                     (new { title = "Venda", value = 1, client_id = client, store_id = theirStore }, "unknown_store")
                 })
        {
            var problem = await (await Host.SendAsync(key, HttpMethod.Post, "/v1/deals", body, 400)).BodyAsync();
            Assert.Equal(code, problem.GetProperty("error").Str("code"));
            Assert.False(problem.GetProperty("success").GetBoolean());
        }

        var deal = (await Host.PostAsync(key, "/v1/deals", new { title = "Venda", value = 1000, client_id = client })).GetProperty("data").Id();
        Assert.Equal("unknown_client", await ErrorCodeAsync(key, deal, new { client_id = missing }, 400));
        Assert.Equal("unknown_vehicle", await ErrorCodeAsync(key, deal, new { vehicle_id = theirVehicle }, 400));
        Assert.Equal("unknown_store", await ErrorCodeAsync(key, deal, new { store_id = missing }, 400));
        var changed = (await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{deal}", new { vehicle_id = vehicle }, 200, "\"1\"")).BodyAsync())
            .GetProperty("data");
        Assert.Equal((vehicle, client, 1000m), (changed.Str("vehicle_id"), changed.Str("client_id"), changed.GetProperty("value").GetDecimal()));
    }

    [Theory]
    [InlineData("POST", "{\"probability\": -1}", "probability")]
    [InlineData("POST", "{\"probability\": 101}", "probability")]
    [InlineData("POST", "{\"value\": -0.01}", "value")]
    [InlineData("POST", "{\"phase\": \"ganho\"}", "phase")]
    [InlineData("PUT", "{\"probability\": 101}", "probability")]
    [InlineData("PUT", "{\"probability\": -1}", "probability")]
    [InlineData("PUT", "{\"value\": -1}", "value")]
    [InlineData("PUT", "{\"phase\": \"fechado\"}", "phase")]
    [InlineData("PUT", "{\"status\": \"aberto\"}", "status")]
    [InlineData("PUT", "{\"status\": \"perdido\"}", "loss_reason")]
    [InlineData("PUT", "{\"status\": \"perdido\", \"loss_reason\": \"  \"}", "loss_reason")]
    public async Task a_bad_field_is_400_naming_it_on_create_and_on_put(string method, string fields, string field)
    {
        var key = await KeyAsync(Scopes);
        var (_, client) = await DealershipTests.GivenStoreAndClientAsync(Host, key);
        var body = new Dictionary<string, JsonElement>
        {
            ["title"] = Json("\"Venda\""), ["value"] = Json("1000"), ["probability"] = Json("50"), ["client_id"] = Json($"\"{client}\"")
        };
        var deal = method == "PUT" ? (await Host.PostAsync(key, "/v1/deals", body)).GetProperty("data").Id() : null;
        foreach (var property in JsonDocument.Parse(fields).RootElement.EnumerateObject()) body[property.Name] = property.Value;
        if (method == "PUT") body.Remove("client_id");

        var problem = await (await Host.SendAsync(key, new HttpMethod(method), deal is null ? "/v1/deals" : $"/v1/deals/{deal}", body, 400)).BodyAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Contains(field, problem.GetProperty("error").Str("message"));

        await Fixture.CatchUpAsync();
        var deals = (await GetJson(key, "/v1/deals")).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(deal is null ? 0 : 1, deals.Count);
        if (deal is not null) Assert.Equal(("ativo", 1000m, 50), (deals[0].Str("status"), deals[0].GetProperty("value").GetDecimal(),
            deals[0].GetProperty("probability").GetInt32()));
    }

    [Fact]
    public async Task an_open_deal_moves_along_the_pipeline_forward_and_back_and_an_unchanged_put_records_nothing()
    {
        var key = await KeyAsync(Scopes);
        var (_, client) = await DealershipTests.GivenStoreAndClientAsync(Host, key);
        var deal = (await Host.PostAsync(key, "/v1/deals", new { title = "Venda", value = 1000, client_id = client })).GetProperty("data");
        Assert.Equal(("lead", 0), (deal.Str("phase"), deal.GetProperty("probability").GetInt32()));

        foreach (var (phase, probability) in new[] { ("qualificacao", 20), ("proposta", 40), ("negociacao", 60), ("proposta", 50), ("fechamento", 90) })
        {
            var moved = (await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{deal.Id()}", new { phase, probability }, 200)).BodyAsync())
                .GetProperty("data");
            Assert.Equal((phase, probability, "ativo"), (moved.Str("phase"), moved.GetProperty("probability").GetInt32(), moved.Str("status")));
        }
        await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{deal.Id()}", new { phase = "fechamento", status = "ativo" }, 200);

        await Fixture.CatchUpAsync();
        var history = await GetJson(key, $"/v1/deals/{deal.Id()}/history");
        Assert.Equal(["deal_created", "deal_changed", "deal_changed", "deal_changed", "deal_changed", "deal_changed"],
            history.GetProperty("data").EnumerateArray().Select(e => e.Str("type")));
        Assert.Equal("fechamento", (await GetJson(key, $"/v1/deals/{deal.Id()}")).GetProperty("data").Str("phase"));
    }

    [Fact]
    public async Task won_and_lost_are_terminal_whatever_is_sent_after()
    {
        var key = await KeyAsync(Scopes);
        var (_, client) = await DealershipTests.GivenStoreAndClientAsync(Host, key);
        var won = (await Host.PostAsync(key, "/v1/deals", new { title = "Ganho", value = 5000, client_id = client })).GetProperty("data").Id();
        var lost = (await Host.PostAsync(key, "/v1/deals", new { title = "Perdido", value = 7000, client_id = client })).GetProperty("data").Id();

        // Won without a final value: at the deal's value.
        var answer = (await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{won}", new { status = "ganho" }, 200)).BodyAsync()).GetProperty("data");
        Assert.Equal(("ganho", 5000m), (answer.Str("status"), answer.GetProperty("value").GetDecimal()));
        await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{lost}", new { status = "perdido", loss_reason = "Sem crédito aprovado" }, 200);

        foreach (var deal in new[] { won, lost })
        foreach (var body in new object[]
                 {
                     new { status = "ganho", value = 1 }, new { status = "perdido", loss_reason = "x" }, new { status = "ativo" }, new { phase = "lead" },
                     new { probability = 10 }
                 })
            Assert.Equal("deal_closed", await ErrorCodeAsync(key, deal, body, 409));

        await Fixture.CatchUpAsync();
        var shownWon = (await GetJson(key, $"/v1/deals/{won}")).GetProperty("data");
        Assert.Equal(("ganho", 5000m), (shownWon.Str("status"), shownWon.GetProperty("value").GetDecimal()));
        var shownLost = (await GetJson(key, $"/v1/deals/{lost}")).GetProperty("data");
        Assert.Equal(("perdido", "Sem crédito aprovado"), (shownLost.Str("status"), shownLost.Str("loss_reason")));
        Assert.Equal(["deal_created", "deal_won"],
            (await GetJson(key, $"/v1/deals/{won}/history")).GetProperty("data").EnumerateArray().Select(e => e.Str("type")));
        Assert.Equal(["deal_created", "deal_lost"],
            (await GetJson(key, $"/v1/deals/{lost}/history")).GetProperty("data").EnumerateArray().Select(e => e.Str("type")));
    }

    [Fact]
    public async Task a_client_merged_away_is_refused_for_a_new_deal_naming_the_survivor_and_stays_on_its_open_deals()
    {
        var key = await KeyAsync(Scopes);
        var (_, survivor) = await DealershipTests.GivenStoreAndClientAsync(Host, key);
        var duplicate = (await Host.PostAsync(key, "/v1/clients", new { type = "PF", name = "João Silva", email = "joao.dup@email.com", cpf = "111.444.777-35" })).GetProperty("data").Id();
        var open = (await Host.PostAsync(key, "/v1/deals", new { title = "Venda", value = 1000, client_id = duplicate })).GetProperty("data").Id();
        await Host.SendAsync(key, HttpMethod.Post, $"/v1/customers/{survivor}/merge", new { duplicate_id = duplicate }, 200);

        var refused = (await (await Host.SendAsync(key, HttpMethod.Post, "/v1/deals", new { title = "Outra", value = 1, client_id = duplicate }, 400))
            .BodyAsync()).GetProperty("error");
        Assert.Equal("client_merged", refused.Str("code"));
        Assert.Contains(survivor, refused.Str("message"));

        // The deal opened before the merge is still won, by a PUT that sends its whole body back (as the seed's client does).
        var won = (await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{open}", new { title = "Venda", value = 1000, client_id = duplicate, status = "ganho" }, 200))
            .BodyAsync()).GetProperty("data");
        Assert.Equal("ganho", won.Str("status"));
        // And a deal moves to the survivor when told.
        var moved = (await Host.PostAsync(key, "/v1/deals", new { title = "Nova", value = 1, client_id = survivor })).GetProperty("data");
        Assert.Equal(survivor, moved.Str("client_id"));
    }

    private async Task<string> ErrorCodeAsync(string key, string deal, object body, int status) =>
        (await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{deal}", body, status)).BodyAsync()).GetProperty("error").Str("code");

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;
}
