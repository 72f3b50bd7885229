namespace Commerce.Api.Tests.Http;

/// <summary>A <c>null</c> where a body's list holds objects or text is a 400 naming that element, never a 500.</summary>
public class NullElementTests(AppFixture fixture) : ApiContext(fixture)
{
    [Theory]
    [InlineData("/v1/orders", """{"channel": "amazon_in", "customer": {"name": "Priya"}, "items": [{"sku": "NULL-1", "qty": 1, "price": 1}, null]}""", "items[1]")]
    [InlineData("/v1/orders/ord_NULL/returns", """{"lines": [null]}""", "lines[0]")]
    [InlineData("/v1/orders/ord_NULL/returns/ret_NULL/receive", """{"lines": [null], "refund": 0}""", "lines[0]")]
    [InlineData("/v1/customers", """{"name": "Priya", "email": "priya.null@example.com", "addresses": [null]}""", "addresses[0]")]
    [InlineData("/v1/products", """{"sku": "NULL-2", "name": "Tee", "price": 1, "images": [null]}""", "images[0]")]
    [InlineData("/v1/products", """{"sku": "NULL-3", "name": "Tee", "price": 1, "options": [{"name": "size", "values": ["M", null]}]}""", "options[0].values")]
    public async Task a_null_element_is_400_naming_it(string url, string json, string field)
    {
        var problem = await (await SendText(await KeyAsync(), "POST", url, json, 400)).BodyAsync();

        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }
}
