using System.Text.Json;
using Alba;
using Commerce.Api.Tests.Customers;
using Commerce.Domain.Dealership;

namespace Commerce.Api.Tests.Dealership;

/// <summary>Stores, vehicles and deals, with the seed's (003_*.txt) examples as sent, but for its ids and its CPF.</summary>
public class DealershipTests(AppFixture fixture) : ApiContext(fixture)
{
    private const string Scopes = "read_customers,create_customers,update_customers,read_deals,create_deals,update_deals";

    internal static async Task<(string Store, string Client)> GivenStoreAndClientAsync(IAlbaHost host, string key)
    {
        var store = (await host.PostAsync(key, "/v1/stores", new { name = "Loja Centro", city = "São Paulo", state = "SP" })).GetProperty("data").Id();
        var client = (await host.PostAsync(key, "/v1/clients", new { type = "PF", name = "João da Silva", email = $"joao{Guid.NewGuid():N}@email.com",
            cpf = "987.654.321-00" })).GetProperty("data").Id();
        return (store, client);
    }

    internal static object Civic(string store, string client, string plate = "ABC1D23") => new
    {
        title = "Honda Civic EXL 2.0 2024", store_id = store, brand = "Honda", model = "Civic", version = "EXL 2.0 Flex", year_model = 2024,
        year_manufacture = 2023, price = 142900.00, purchase_price = 125000.00, mileage = 18500, color = "Preto", fuel = "flex",
        transmission = "automatico", plate, client_id = client
    };

    [Fact]
    public async Task the_seed_examples_register_a_vehicle_create_a_deal_and_list_vehicles_with_their_client()
    {
        var key = await KeyAsync(Scopes);
        var (store, client) = await GivenStoreAndClientAsync(Host, key);

        var vehicle = await Host.PostAsync(key, "/v1/vehicles", Civic(store, client));
        Assert.True(vehicle.GetProperty("success").GetBoolean());
        var v = vehicle.GetProperty("data");
        Assert.Equal(("Honda Civic EXL 2.0 2024", "EXL 2.0 Flex", 2024, 142900.00m, 125000.00m, 18500),
            (v.Str("title"), v.Str("version"), v.GetProperty("year_model").GetInt32(), v.GetProperty("price").GetDecimal(),
                v.GetProperty("purchase_price").GetDecimal(), v.GetProperty("mileage").GetInt32()));
        Assert.Equal(("ABC1D23", "entrada", "ativo", store, client), (v.Str("plate"), v.Str("phase"), v.Str("status"), v.Str("store_id"), v.Str("client_id")));

        var deal = (await Host.PostAsync(key, "/v1/deals", new
        {
            title = "Venda Honda Civic 2024 — João da Silva", value = 142900.00, phase = "lead", probability = 40, client_id = client, source = "showroom",
            tags = new[] { "civic", "premium" }
        })).GetProperty("data");
        Assert.Equal(("lead", 40, "ativo", client, 142900.00m), (deal.Str("phase"), deal.GetProperty("probability").GetInt32(), deal.Str("status"),
            deal.Str("client_id"), deal.GetProperty("value").GetDecimal()));

        await Fixture.CatchUpAsync();
        var list = await GetJson(key, "/v1/vehicles?status=ativo");
        Assert.True(list.GetProperty("success").GetBoolean());
        var listed = list.GetProperty("data")[0];
        Assert.Equal(v.Id(), listed.Id());
        Assert.Equal((client, "João da Silva"), (listed.GetProperty("client").Id(), listed.GetProperty("client").Str("name")));
        var pagination = list.GetProperty("pagination");
        Assert.Equal((1, 20, 1, 1), (pagination.GetProperty("page").GetInt32(), pagination.GetProperty("limit").GetInt32(),
            pagination.GetProperty("total").GetInt32(), pagination.GetProperty("pages").GetInt32()));
    }

    [Fact]
    public async Task vehicle_filters_narrow_the_list()
    {
        var key = await KeyAsync(Scopes);
        var (store, client) = await GivenStoreAndClientAsync(Host, key);
        var other = (await Host.PostAsync(key, "/v1/stores", new { name = "Loja Norte" })).GetProperty("data").Id();
        var civic = (await Host.PostAsync(key, "/v1/vehicles", Civic(store, client))).GetProperty("data").Id();
        var corolla = (await Host.PostAsync(key, "/v1/vehicles", new
        {
            title = "Toyota Corolla XEi 2.0 2025", brand = "Toyota", model = "Corolla", version = "XEi 2.0 Flex", year_model = 2025, price = 165000.00,
            mileage = 0, store_id = other, plate = "XYZ9876"
        })).GetProperty("data").Id();
        await Host.SendAsync(key, HttpMethod.Patch, $"/v1/vehicles/{corolla}", new { phase = "disponivel" }, 200);

        await Fixture.CatchUpAsync();
        async Task<string[]> Titles(string query) =>
            (await GetJson(key, "/v1/vehicles?" + query)).GetProperty("data").EnumerateArray().Select(x => x.Str("model")).ToArray();
        Assert.Equal(["Corolla", "Civic"], await Titles(""));
        Assert.Equal(["Corolla"], await Titles("brand=toyota"));
        Assert.Equal(["Civic"], await Titles($"store_id={store}"));
        Assert.Equal(["Corolla"], await Titles("phase=disponivel"));
        Assert.Equal(["Civic"], await Titles("price_max=150000"));
        Assert.Equal(["Corolla"], await Titles("price_min=150000&year_min=2025"));
        Assert.Equal(["Civic"], await Titles("year_max=2024"));
        Assert.Equal(["Civic"], await Titles("year_min=2024&year_max=2024&price_min=142900&price_max=142900"));
        Assert.Equal(["Corolla", "Civic"], await Titles("status=ativo"));
        await GetJson(key, "/v1/vehicles?status=sold", 400);

        await Host.SendAsync(key, HttpMethod.Patch, $"/v1/vehicles/{civic}", new { status = "inativo" }, 200);
        await Fixture.CatchUpAsync();
        Assert.Equal(["Corolla"], await Titles("status=ativo"));
        Assert.Equal(["Civic"], await Titles("status=inativo"));
        Assert.Empty(await Titles("status=inativo&store_id=" + other));
        Assert.Empty(await Titles("status=vendido"));
    }

    [Theory]
    [InlineData("plate", "ABC-12D3", "plate")]
    [InlineData("year_model", 2022, "year_model")]
    [InlineData("price", -1, "price")]
    [InlineData("fuel", "nuclear", "fuel")]
    public async Task a_bad_vehicle_is_400_naming_the_field(string field, object value, string named)
    {
        var key = await KeyAsync(Scopes);
        var (store, client) = await GivenStoreAndClientAsync(Host, key);
        var body = JsonSerializer.Deserialize<Dictionary<string, object>>(JsonSerializer.Serialize(Civic(store, client)))!;
        body[field] = value;
        var problem = await (await Host.SendAsync(key, HttpMethod.Post, "/v1/vehicles", body, 400)).BodyAsync();
        Assert.False(problem.GetProperty("success").GetBoolean());
        Assert.Contains(named, problem.GetProperty("error").Str("message"));
    }

    [Fact]
    public async Task plates_are_unique_per_tenant_and_store_and_client_must_exist()
    {
        var key = await KeyAsync(Scopes);
        var (store, client) = await GivenStoreAndClientAsync(Host, key);
        var first = (await Host.PostAsync(key, "/v1/vehicles", Civic(store, client))).GetProperty("data").Id();
        var again = await (await Host.SendAsync(key, HttpMethod.Post, "/v1/vehicles", Civic(store, client, "abc-1d23"), 409)).BodyAsync();
        Assert.Equal("plate_taken", again.GetProperty("error").Str("code"));
        Assert.Contains(first, again.GetProperty("error").Str("message"));

        var unknownStore = await (await Host.SendAsync(key, HttpMethod.Post, "/v1/vehicles", Civic(Guid.CreateVersion7().ToString(), client, "AAA1111"), 400)).BodyAsync();
        Assert.Equal("unknown_store", unknownStore.Str("code"));
        var unknownClient = await (await Host.SendAsync(key, HttpMethod.Post, "/v1/vehicles", Civic(store, store, "AAA1111"), 400)).BodyAsync();
        Assert.Equal("unknown_client", unknownClient.Str("code"));

        // The plate is free in another tenant.
        var stranger = await KeyAsync(Scopes, tenant: "t" + Guid.NewGuid().ToString("N")[..12]);
        var (theirStore, theirClient) = await GivenStoreAndClientAsync(Host, stranger);
        await Host.PostAsync(stranger, "/v1/vehicles", Civic(theirStore, theirClient));
        await Fixture.CatchUpAsync();
        await GetJson(stranger, $"/v1/vehicles/{first}", 404);
    }

    [Fact]
    public async Task put_and_patch_change_the_fields_sent_and_the_years_rule_holds_after_merging()
    {
        var key = await KeyAsync(Scopes);
        var (store, client) = await GivenStoreAndClientAsync(Host, key);
        var id = (await Host.PostAsync(key, "/v1/vehicles", Civic(store, client))).GetProperty("data").Id();
        var put = await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/vehicles/{id}", new { price = 139900.00 }, 200, "\"1\"")).BodyAsync();
        Assert.Equal((139900.00m, "Honda"), (put.GetProperty("data").GetProperty("price").GetDecimal(), put.GetProperty("data").Str("brand")));
        await Host.SendAsync(key, HttpMethod.Put, $"/v1/vehicles/{id}", new { price = 1.0 }, 412, "\"1\"");
        Assert.Equal("invalid_years", await (await Host.SendAsync(key, HttpMethod.Patch, $"/v1/vehicles/{id}", new { year_model = 2022 }, 400)).CodeAsync());
        await Host.SendAsync(key, HttpMethod.Patch, $"/v1/vehicles/{id}", new { phase = "disponivel", status = "inativo" }, 200);
        Assert.Equal("invalid_phase_transition",
            await (await Host.SendAsync(key, HttpMethod.Patch, $"/v1/vehicles/{id}", new { phase = "entrada" }, 409)).CodeAsync());
        Assert.Equal("invalid_status_transition",
            await (await Host.SendAsync(key, HttpMethod.Patch, $"/v1/vehicles/{id}", new { status = "vendido" }, 409)).CodeAsync());
        var reader = await KeyAsync("read_deals");
        await Host.SendAsync(reader, HttpMethod.Patch, $"/v1/vehicles/{id}", new { price = 1.0 }, 403);
    }

    [Fact]
    public async Task winning_a_deal_sells_its_vehicle_and_closed_deals_are_terminal()
    {
        var key = await KeyAsync(Scopes);
        var (store, client) = await GivenStoreAndClientAsync(Host, key);
        var vehicle = (await Host.PostAsync(key, "/v1/vehicles", Civic(store, client))).GetProperty("data").Id();
        var deal = (await Host.PostAsync(key, "/v1/deals", new { title = "Venda Civic", value = 142900.00, client_id = client, vehicle_id = vehicle }))
            .GetProperty("data");
        Assert.Equal((store, "lead"), (deal.Str("store_id"), deal.Str("phase")));
        await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{deal.Id()}", new { phase = "negociacao", probability = 80 }, 200);

        var won = await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{deal.Id()}", new { status = "ganho", value = 139900.00 }, 200)).BodyAsync();
        Assert.Equal(("ganho", 139900.00m), (won.GetProperty("data").Str("status"), won.GetProperty("data").GetProperty("value").GetDecimal()));
        var again = await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{deal.Id()}", new { status = "perdido", loss_reason = "x" }, 409)).BodyAsync();
        Assert.Equal("deal_closed", again.GetProperty("error").Str("code"));
        await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{deal.Id()}", new { title = "Other" }, 409);

        // The vehicle's half comes through the durable message.
        var sold = await Eventually.UntilAsync(async () =>
        {
            await using var session = Store.LightweightSession(Tenant);
            return await session.Events.FetchLatest<Vehicle>(vehicle);
        }, v => v?.Status == VehicleStatuses.Sold, "the vehicle to be sold");
        Assert.Equal(deal.Id(), sold!.SoldByDeal);
        await Fixture.CatchUpAsync();
        var shown = (await GetJson(key, $"/v1/vehicles/{vehicle}")).GetProperty("data");
        Assert.Equal(("vendido", "vendido", deal.Id()), (shown.Str("status"), shown.Str("phase"), shown.Str("sold_by_deal_id")));
        var history = await GetJson(key, $"/v1/vehicles/{vehicle}/history");
        var soldEvent = history.GetProperty("data").EnumerateArray().Last();
        Assert.Equal(("vehicle_sold", "system:dealership"), (soldEvent.Str("type"), soldEvent.GetProperty("metadata").Str("actor")));

        // A new deal on a sold vehicle is refused.
        var late = await (await Host.SendAsync(key, HttpMethod.Post, "/v1/deals", new { title = "Late", value = 1, client_id = client, vehicle_id = vehicle }, 409))
            .BodyAsync();
        Assert.Equal("vehicle_sold", late.Str("code"));
    }

    [Fact]
    public async Task losing_needs_a_reason_and_is_terminal()
    {
        var key = await KeyAsync(Scopes);
        var (_, client) = await GivenStoreAndClientAsync(Host, key);
        var deal = (await Host.PostAsync(key, "/v1/deals", new { title = "Venda", value = 50000, client_id = client })).GetProperty("data").Id();
        var noReason = await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{deal}", new { status = "perdido" }, 400)).BodyAsync();
        Assert.True(noReason.GetProperty("errors").TryGetProperty("loss_reason", out _));
        var lost = await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{deal}", new { status = "perdido", loss_reason = "Preço" }, 200)).BodyAsync();
        Assert.Equal(("perdido", "Preço"), (lost.GetProperty("data").Str("status"), lost.GetProperty("data").Str("loss_reason")));
        await Host.SendAsync(key, HttpMethod.Put, $"/v1/deals/{deal}", new { status = "ganho" }, 409);
        await Host.SendAsync(key, HttpMethod.Post, "/v1/deals", new { title = "Venda", value = 1, client_id = Guid.CreateVersion7().ToString() }, 400);
        await Host.SendAsync(key, HttpMethod.Post, "/v1/deals", new { title = "Venda", value = 1, client_id = client, probability = 101 }, 400);
        await Host.SendAsync(key, HttpMethod.Post, "/v1/deals", new { title = "Venda", value = 1, client_id = client, phase = "ganho" }, 400);
    }
}
