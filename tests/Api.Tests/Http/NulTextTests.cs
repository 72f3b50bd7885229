using System.Text.Json;
using Marten;

namespace Commerce.Api.Tests.Http;

/// <summary>
/// PostgreSQL stores no U+0000 in text or jsonb: a NUL anywhere a client can put text is a 400 naming where it was,
/// never a failed query or append, and nothing is written.
/// </summary>
public class NulTextTests(AppFixture fixture) : ApiContext(fixture)
{
    private static void AssertNames(JsonElement problem, string field)
    {
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Contains("U+0000", problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    private async Task<int> EventsInTenantAsync()
    {
        await using var session = Store.QuerySession(Tenant);
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    [Theory]
    [InlineData("/v1/orders?q=a%00b", "q")]
    [InlineData("/v1/products?brand=%00", "brand")]
    [InlineData("/v1/customers?limit=5&q=x%00", "q")]
    [InlineData("/v1/vehicles?store_id=%00", "store_id")]
    [InlineData("/v1/audit?actor=%00", "actor")]
    public async Task a_nul_in_the_query_is_400_naming_the_parameter(string url, string field) =>
        AssertNames(await GetJson(await KeyAsync(), url, 400), field);

    [Theory]
    [InlineData("PATCH", "/v1/inventory/NUL-1", """{"adjust": 3, "reason": "a\u0000b"}""", "reason")]
    [InlineData("POST", "/v1/customers", """{"name": "Priya\u0000", "email": "priya@example.com"}""", "name")]
    [InlineData("POST", "/v1/orders", """{"channel": "amazon_in", "customer": {"name": "\u0000"}, "items": [{"sku": "NUL-1", "qty": 1, "price": 1}]}""", "customer.name")]
    [InlineData("POST", "/v1/products", """{"sku": "NUL-2", "name": "Tee", "price": 1, "variants": [{"sku": "NUL-2-M", "attributes": {"size\u0000": "M"}}]}""", "variants[0].attributes")]
    [InlineData("PATCH", "/v1/inventory/NUL-1", "\"\\u0000\"", "body")]
    [InlineData("PATCH", "/v1/inventory/NUL-1", """{"note": "\ud800", "\udc00": 1, "reason": "\u0000"}""", "reason")]
    public async Task a_nul_in_a_body_is_400_naming_the_field_and_writes_nothing(string method, string url, string json, string field)
    {
        AssertNames(await (await SendText(await KeyAsync(), method, url, json, 400)).BodyAsync(), field);
        Assert.Equal(0, await EventsInTenantAsync());
    }

    [Fact]
    public async Task an_escaped_backslash_before_u0000_is_text_like_any_other()
    {
        await SendText(await KeyAsync(), "PATCH", "/v1/inventory/NUL-3", """{"adjust": 3, "reason": "C:\\u0000"}""", 200);

        Assert.NotEqual(0, await EventsInTenantAsync());
    }
}
