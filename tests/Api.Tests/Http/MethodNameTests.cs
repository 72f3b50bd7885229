using Alba;
using Commerce.Domain.Inventory;
using Marten;

namespace Commerce.Api.Tests.Http;

/// <summary>Method names are case-sensitive (RFC 9110 §9.1): <c>patch</c> is not PATCH, whatever routing thinks.</summary>
public class MethodNameTests(AppFixture fixture) : ApiContext(fixture)
{
    private async Task<IScenarioResult> Send(string key, string method, string url, object? body = null) => await Host.Scenario(x =>
    {
        x.WithBearerToken(key);
        if (body is null) x.Get.Url(url);
        else x.Patch.Json(body).ToUrl(url);
        x.ConfigureHttpContext(http => http.Request.Method = method);
        x.StatusCodeShouldBe(405);
    });

    private static async Task AssertRefused(IScenarioResult result, string method, string allowed)
    {
        Assert.StartsWith("application/problem+json", result.Context.Response.ContentType);
        Assert.Equal(allowed, result.Context.Response.Headers.Allow.ToString());
        var problem = await result.BodyAsync();
        Assert.Equal("method_not_allowed", problem.GetProperty("code").GetString());
        Assert.Contains($"'{method}'", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("patch")]
    [InlineData("Patch")]
    [InlineData("pAtCh")]
    public async Task a_lower_or_mixed_case_patch_is_405_and_changes_no_stock(string method)
    {
        var key = await KeyAsync();
        await PatchJson(key, "/v1/inventory/CASE-SKU", new { quantity = 5 });

        var result = await Send(key, method, "/v1/inventory/CASE-SKU", new { adjust = 3 });

        await AssertRefused(result, method, "GET, PATCH");
        await using var session = Store.QuerySession(Tenant);
        Assert.Equal(5, (await session.Events.AggregateStreamAsync<StockItem>("CASE-SKU"))?.OnHand);
        Assert.Equal(2, (await session.Events.FetchStreamStateAsync("CASE-SKU"))?.Version);   // tracked, set: nothing after
    }

    [Fact]
    public async Task a_patch_that_would_start_tracking_a_sku_writes_nothing()
    {
        var key = await KeyAsync();

        await Send(key, "patch", "/v1/inventory/CASE-NEW", new { quantity = 5 });

        await using var session = Store.QuerySession(Tenant);
        Assert.Null(await session.Events.FetchStreamStateAsync("CASE-NEW"));
    }

    [Theory]
    [InlineData("/v1/inventory", "GET")]
    [InlineData("/v1/webhook-events", "GET")]
    public async Task a_lower_case_get_is_405(string url, string allowed)
    {
        var key = await KeyAsync();

        await AssertRefused(await Send(key, "get", url), "get", allowed);
    }

    [Fact]
    public async Task upper_case_methods_are_served_as_before()
    {
        var key = await KeyAsync();
        await PatchJson(key, "/v1/inventory/CASE-OK", new { quantity = 5 });
        await GetJson(key, "/v1/inventory");
    }
}
