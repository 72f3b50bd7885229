using Alba;
using Commerce.Api.Tests.Customers;

namespace Commerce.Api.Tests.Dealership;

/// <summary>The rules a new vehicle keeps hold on every change too, by PUT and by PATCH.</summary>
public class ChangeVehicleTests(AppFixture fixture) : ApiContext(fixture)
{
    private const string Scopes = "read_customers,create_customers,update_customers,read_deals,create_deals,update_deals";
    private static readonly HttpMethod[] Both = [HttpMethod.Put, HttpMethod.Patch];

    [Fact]
    public async Task a_plate_changed_to_another_vehicles_is_409_naming_it_and_a_changed_plate_frees_the_old_one()
    {
        var key = await KeyAsync(Scopes);
        var (store, client) = await DealershipTests.GivenStoreAndClientAsync(Host, key);
        var civic = (await Host.PostAsync(key, "/v1/vehicles", DealershipTests.Civic(store, client))).GetProperty("data").Id();
        var other = (await Host.PostAsync(key, "/v1/vehicles", DealershipTests.Civic(store, client, "XYZ9876"))).GetProperty("data").Id();

        foreach (var (method, plate) in new[] { (HttpMethod.Put, "abc-1d23"), (HttpMethod.Patch, "ABC1D23") })
        {
            var taken = await (await Host.SendAsync(key, method, $"/v1/vehicles/{other}", new { plate }, 409)).BodyAsync();
            Assert.Equal("plate_taken", taken.GetProperty("error").Str("code"));
            Assert.Contains(civic, taken.GetProperty("error").Str("message"));
        }
        foreach (var method in Both)
            Assert.Contains("plate", (await (await Host.SendAsync(key, method, $"/v1/vehicles/{other}", new { plate = "ABC12345" }, 400)).BodyAsync())
                .GetProperty("error").Str("message"));

        // Its own plate is no conflict; a new one is stored normalized and frees the old one for another vehicle.
        await Host.SendAsync(key, HttpMethod.Put, $"/v1/vehicles/{civic}", new { plate = "ABC1D23" }, 200);
        var moved = await (await Host.SendAsync(key, HttpMethod.Patch, $"/v1/vehicles/{other}", new { plate = "def-4g56" }, 200)).BodyAsync();
        Assert.Equal("DEF4G56", moved.GetProperty("data").Str("plate"));
        await Host.PostAsync(key, "/v1/vehicles", DealershipTests.Civic(store, client, "XYZ9876"));
        var again = await (await Host.SendAsync(key, HttpMethod.Post, "/v1/vehicles", DealershipTests.Civic(store, client, "DEF4G56"), 409)).BodyAsync();
        Assert.Contains(other, again.GetProperty("error").Str("message"));
    }

    [Theory]
    [InlineData("PUT", "{\"price\": -1}", "price")]
    [InlineData("PATCH", "{\"price\": -0.01}", "price")]
    [InlineData("PUT", "{\"purchase_price\": -1}", "purchase_price")]
    [InlineData("PATCH", "{\"purchase_price\": -1}", "purchase_price")]
    [InlineData("PUT", "{\"year_model\": 2022}", "invalid_years")]
    [InlineData("PATCH", "{\"year_manufacture\": 2025}", "invalid_years")]
    [InlineData("PUT", "{\"year_model\": 2021, \"year_manufacture\": 2022}", "invalid_years")]
    [InlineData("PATCH", "{\"mileage\": -5}", "mileage")]
    public async Task prices_and_years_are_checked_on_put_and_patch(string method, string body, string named)
    {
        var key = await KeyAsync(Scopes);
        var (store, client) = await DealershipTests.GivenStoreAndClientAsync(Host, key);
        var id = (await Host.PostAsync(key, "/v1/vehicles", DealershipTests.Civic(store, client))).GetProperty("data").Id();

        var problem = await (await Host.SendAsync(key, new HttpMethod(method), $"/v1/vehicles/{id}",
            System.Text.Json.JsonDocument.Parse(body).RootElement, 400)).BodyAsync();
        var error = problem.GetProperty("error");
        Assert.Contains(named, error.Str("code") + " " + error.Str("message"));

        // Nothing changed: the vehicle is still at its first version.
        await Fixture.CatchUpAsync();
        var shown = (await GetJson(key, $"/v1/vehicles/{id}")).GetProperty("data");
        Assert.Equal((142900.00m, 2024, 2023), (shown.GetProperty("price").GetDecimal(), shown.GetProperty("year_model").GetInt32(),
            shown.GetProperty("year_manufacture").GetInt32()));
        // Both years moved together keep the rule, and a price of 0 is allowed.
        await Host.SendAsync(key, new HttpMethod(method), $"/v1/vehicles/{id}", new { year_model = 2026, year_manufacture = 2025, price = 0 }, 200);
    }

    [Fact]
    public async Task a_changed_store_or_client_must_exist_in_the_tenant()
    {
        var key = await KeyAsync(Scopes);
        var (store, client) = await DealershipTests.GivenStoreAndClientAsync(Host, key);
        var id = (await Host.PostAsync(key, "/v1/vehicles", DealershipTests.Civic(store, client))).GetProperty("data").Id();
        var stranger = await KeyAsync(Scopes, tenant: "t" + Guid.NewGuid().ToString("N")[..12]);
        var (theirStore, theirClient) = await DealershipTests.GivenStoreAndClientAsync(Host, stranger);

        foreach (var method in Both)
        {
            foreach (var unknown in new[] { Guid.CreateVersion7().ToString(), theirStore })
                Assert.Equal("unknown_store", (await (await Host.SendAsync(key, method, $"/v1/vehicles/{id}", new { store_id = unknown }, 400)).BodyAsync())
                    .GetProperty("error").Str("code"));
            foreach (var unknown in new[] { Guid.CreateVersion7().ToString(), theirClient, store })
                Assert.Equal("unknown_client", (await (await Host.SendAsync(key, method, $"/v1/vehicles/{id}", new { client_id = unknown }, 400)).BodyAsync())
                    .GetProperty("error").Str("code"));
        }

        var otherStore = (await Host.PostAsync(key, "/v1/stores", new { name = "Loja Norte" })).GetProperty("data").Id();
        var otherClient = (await Host.PostAsync(key, "/v1/clients", new { type = "PJ", name = "Auto Center Ltda", cnpj = "11.222.333/0001-81" }))
            .GetProperty("data").Id();
        var moved = (await (await Host.SendAsync(key, HttpMethod.Patch, $"/v1/vehicles/{id}", new { store_id = otherStore }, 200, "\"1\"")).BodyAsync())
            .GetProperty("data");
        Assert.Equal((otherStore, client), (moved.Str("store_id"), moved.Str("client_id")));
        var sold = (await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/vehicles/{id}", new { client_id = otherClient }, 200, "\"2\"")).BodyAsync())
            .GetProperty("data");
        Assert.Equal((otherStore, otherClient), (sold.Str("store_id"), sold.Str("client_id")));

        await Fixture.CatchUpAsync();
        var listed = (await GetJson(key, $"/v1/vehicles?store_id={otherStore}")).GetProperty("data").EnumerateArray().Single();
        Assert.Equal((otherClient, "Auto Center Ltda"), (listed.GetProperty("client").Id(), listed.GetProperty("client").Str("name")));
        Assert.Equal(0, (await GetJson(key, $"/v1/vehicles?store_id={store}")).GetProperty("pagination").GetProperty("total").GetInt32());
    }
}
