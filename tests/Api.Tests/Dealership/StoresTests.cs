using System.Text.Json;
using Alba;
using Commerce.Api.Tests.Customers;

namespace Commerce.Api.Tests.Dealership;

/// <summary>A tenant's dealership locations, in the seed's envelope: open one, read it, page through them.</summary>
public class StoresTests(AppFixture fixture) : ApiContext(fixture)
{
    [Fact]
    public async Task a_store_is_opened_read_and_listed_page_by_page_in_the_seed_envelope()
    {
        var key = await KeyAsync("read_deals,create_deals");
        var result = await Host.SendAsync(key, HttpMethod.Post, "/v1/stores", new { name = "Loja Centro", city = "São Paulo", state = "SP", phone = "+55 11 3333-4444" }, 201);
        var created = await result.BodyAsync();
        Assert.True(created.GetProperty("success").GetBoolean());
        var store = created.GetProperty("data");
        Assert.Equal(("Loja Centro", "São Paulo", "SP", "+55 11 3333-4444"), (store.Str("name"), store.Str("city"), store.Str("state"), store.Str("phone")));
        Assert.Equal($"/v1/stores/{store.Id()}", result.Context.Response.Headers.Location.ToString());
        await Host.PostAsync(key, "/v1/stores", new { name = "Loja Norte" });
        await Host.PostAsync(key, "/v1/stores", new { name = "Loja Sul" });

        await Fixture.CatchUpAsync();
        Assert.Equal(3, (await GetJson(key, "/v1/stores")).GetProperty("pagination").GetProperty("total").GetInt32());
        var one = await GetJson(key, $"/v1/stores/{store.Id()}");
        Assert.True(one.GetProperty("success").GetBoolean());
        Assert.Equal("Loja Centro", one.GetProperty("data").Str("name"));
        var second = await GetJson(key, "/v1/stores?page=2&limit=2");
        Assert.Equal(["Loja Sul"], second.GetProperty("data").EnumerateArray().Select(s => s.Str("name")));
        var pagination = second.GetProperty("pagination");
        Assert.Equal((2, 2, 3, 2), (pagination.GetProperty("page").GetInt32(), pagination.GetProperty("limit").GetInt32(),
            pagination.GetProperty("total").GetInt32(), pagination.GetProperty("pages").GetInt32()));
    }

    [Fact]
    public async Task a_consistent_list_waits_for_the_stores_just_opened()
    {
        await using var daemon = await DaemonRunningAsync();   // the wait is for the daemon, not for a catch-up
        var key = await KeyAsync("read_deals,create_deals");
        await Host.PostAsync(key, "/v1/stores", new { name = "Loja Leste" });
        await Host.PostAsync(key, "/v1/stores", new { name = "Loja Oeste" });

        var list = await GetJson(key, "/v1/stores?consistent=true");
        Assert.Equal(["Loja Leste", "Loja Oeste"], list.GetProperty("data").EnumerateArray().Select(s => s.Str("name")));
    }

    [Theory]
    [InlineData("{\"city\": \"São Paulo\"}", "name")]
    [InlineData("{\"name\": \"Loja\", \"state\": \"São Paulo\"}", "state")]
    [InlineData("{\"name\": \"Loja\", \"phone\": \"ligue já\"}", "phone")]
    public async Task a_bad_store_is_400_naming_the_field_in_error_message(string body, string field)
    {
        var key = await KeyAsync("read_deals,create_deals");
        var problem = await (await Host.SendAsync(key, HttpMethod.Post, "/v1/stores", JsonDocument.Parse(body).RootElement, 400)).BodyAsync();
        Assert.False(problem.GetProperty("success").GetBoolean());
        Assert.Contains(field, problem.GetProperty("error").Str("message"));
        await Fixture.CatchUpAsync();
        Assert.Equal(0, (await GetJson(key, "/v1/stores")).GetProperty("pagination").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task scopes_and_tenants_are_enforced()
    {
        var reader = await KeyAsync("read_deals");
        Assert.Contains("create_deals", (await (await Host.SendAsync(reader, HttpMethod.Post, "/v1/stores", new { name = "Loja" }, 403)).BodyAsync())
            .GetProperty("error").Str("message"));
        var store = (await Host.PostAsync(await KeyAsync("create_deals"), "/v1/stores", new { name = "Loja" })).GetProperty("data").Id();
        await Fixture.CatchUpAsync();
        await GetJson(await KeyAsync("read_customers"), "/v1/stores", 403);
        var stranger = await KeyAsync("read_deals", tenant: "t" + Guid.NewGuid().ToString("N")[..12]);
        Assert.False((await GetJson(stranger, $"/v1/stores/{store}", 404)).GetProperty("success").GetBoolean());
        Assert.Equal(0, (await GetJson(stranger, "/v1/stores")).GetProperty("pagination").GetProperty("total").GetInt32());
    }
}
