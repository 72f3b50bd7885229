using System.Text.Json;
using Alba;

namespace Commerce.Api.Tests.Customers;

public class CustomersTests(AppFixture fixture) : ApiContext(fixture)
{
    private static readonly object Office = new { name = "Maria (office)", street = "Rua Augusta", number = "500", city = "São Paulo", state = "SP", postal_code = "01305-000", country_code = "BR" };

    [Fact]
    public async Task a_customer_keeps_an_address_book_added_to_changed_and_removed_by_id()
    {
        var key = await KeyAsync("read_customers,create_customers,update_customers");
        var created = await Host.PostAsync(key, "/v1/customers", new { name = "Maria Santos", email = "maria@email.com", addresses = new[] { Office } });
        Assert.Equal("person", created.Str("type"));
        var office = created.GetProperty("addresses")[0];
        Assert.StartsWith("adr_", office.Id());
        Assert.Equal("Rua Augusta", office.Str("street"));

        var added = await Host.SendAsync(key, HttpMethod.Post, $"/v1/customers/{created.Id()}/addresses",
            new { street = "Av. Paulista", number = "1000", city = "São Paulo" }, 201);
        var home = (await added.BodyAsync()).GetProperty("addresses")[1];
        Assert.Equal($"/v1/customers/{created.Id()}/addresses/{home.Id()}", added.Context.Response.Headers.Location.ToString());

        var changed = await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/customers/{created.Id()}/addresses/{home.Id()}",
            new { street = "Av. Paulista", number = "2000", city = "São Paulo" }, 200)).BodyAsync();
        Assert.Equal("2000", changed.GetProperty("addresses")[1].Str("number"));
        var removed = await (await Host.SendAsync(key, HttpMethod.Delete, $"/v1/customers/{created.Id()}/addresses/{office.Id()}", null, 200)).BodyAsync();
        Assert.Equal([home.Id()], removed.GetProperty("addresses").EnumerateArray().Select(a => a.Id()));
        Assert.Equal(5, removed.GetProperty("version").GetInt32());

        await Host.SendAsync(key, HttpMethod.Delete, $"/v1/customers/{created.Id()}/addresses/{office.Id()}", null, 404);
        await Host.SendAsync(key, HttpMethod.Put, $"/v1/customers/{created.Id()}/addresses/adr_nope", Office, 404);
        await Fixture.CatchUpAsync();
        var read = await GetJson(key, $"/v1/customers/{created.Id()}");
        Assert.Equal(1, read.GetProperty("addresses").GetArrayLength());
        var history = await GetJson(key, $"/v1/customers/{created.Id()}/history");
        Assert.Equal(["customer_registered", "customer_address_added", "customer_address_added", "customer_address_changed", "customer_address_removed"],
            history.GetProperty("data").EnumerateArray().Select(e => e.Str("type")));
    }

    [Fact]
    public async Task a_customer_id_is_not_a_sku_and_the_customers_stream_stays_untouched()
    {
        // A customer's id is its stream's key, in the key space SKUs' streams share.
        var key = await KeyAsync("create_customers,update_inventory");
        var id = (await Host.PostAsync(key, "/v1/customers", new { name = "Maria Santos", email = "maria.stream@email.com" })).Id();

        var refused = await Host.SendAsync(key, HttpMethod.Patch, $"/v1/inventory/{id}", new { adjust = 1 }, 400);
        Assert.True((await refused.BodyAsync()).GetProperty("errors").TryGetProperty("sku", out _));
        Assert.Equal(["CustomerRegistered"], await EventTypesOfAsync(id));
    }

    [Fact]
    public async Task put_replaces_the_details_and_a_bad_address_is_400_naming_it()
    {
        var key = await KeyAsync("read_customers,create_customers,update_customers");
        var created = await Host.PostAsync(key, "/v1/customers", new { name = "Maria Santos", email = "maria@email.com" });
        var changed = await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/customers/{created.Id()}",
            new { name = "Maria S. Santos", email = "maria@email.com", type = "company" }, 200, "\"1\"")).BodyAsync();
        Assert.Equal(("Maria S. Santos", "company"), (changed.Str("name"), changed.Str("type")));
        await Host.SendAsync(key, HttpMethod.Put, $"/v1/customers/{created.Id()}", new { name = "No email" }, 400);

        var bad = await (await Host.SendAsync(key, HttpMethod.Post, $"/v1/customers/{created.Id()}/addresses",
            new { street = "Rua", city = "Rio", country_code = "brazil" }, 400)).BodyAsync();
        Assert.True(bad.GetProperty("errors").TryGetProperty("address.country_code", out _) || bad.GetProperty("errors").TryGetProperty("country_code", out _),
            bad.GetRawText());
        var reader = await KeyAsync("read_customers");
        await Host.SendAsync(reader, HttpMethod.Post, $"/v1/customers/{created.Id()}/addresses", Office, 403);
    }

    [Theory]
    [InlineData("POST", "")]
    [InlineData("PUT", "/adr_1")]
    public async Task a_null_body_is_no_address_400_and_the_book_stays_as_it_was(string method, string addressPath)
    {
        var key = await KeyAsync("create_customers,update_customers");
        var id = (await Host.PostAsync(key, "/v1/customers", new { name = "Maria Santos", email = "maria.null@email.com" })).Id();

        var refused = await SendText(key, method, $"/v1/customers/{id}/addresses{addressPath}", "null", 400);

        Assert.True((await refused.BodyAsync()).GetProperty("errors").TryGetProperty("body", out _));
        Assert.Equal(["CustomerRegistered"], await EventTypesOfAsync(id));
    }
}
