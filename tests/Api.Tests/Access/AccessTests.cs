using Alba;
using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Domain.Inventory;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Api.Tests.Access;

public class AccessTests(AppFixture fixture) : ApiContext(fixture)
{
    private async Task<IScenarioResult> Call(string? token, string method, string url, object? body, int status)
    {
        var result = await Host.Scenario(x =>
        {
            if (token is not null) x.WithRequestHeader("Authorization", $"Bearer {token}");
            if (method == "PATCH") x.Patch.Json(body!).ToUrl(url);
            else x.Get.Url(url);
            x.StatusCodeShouldBe(status);
        });
        Assert.StartsWith("application/problem+json", result.Context.Response.ContentType);
        return result;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("cc_sk_garbage")]
    [InlineData("cc_sk_key_0000000000000000_0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task no_or_unknown_key_is_401(string? token)
    {
        var result = await Call(token, "GET", "/v1/inventory", null, 401);
        Assert.Equal("unauthorized", await result.CodeAsync());
    }

    [Fact]
    public async Task a_key_with_a_wrong_secret_is_401()
    {
        var key = await KeyAsync("read_inventory");
        var tampered = key[..^4] + (key.EndsWith("aaaa") ? "bbbb" : "aaaa");
        await Call(tampered, "GET", "/v1/inventory", null, 401);
    }

    [Fact]
    public async Task a_revoked_key_is_401_at_once_on_the_node_that_revoked_it()
    {
        var key = await KeyAsync("read_inventory");
        ApiKeyFormat.TryParse(key, out var id, out _);
        await Host.Scenario(x => { x.WithBearerToken(key); x.Get.Url("/v1/inventory"); x.StatusCodeShouldBeOk(); });   // cached now

        await Host.Services.GetRequiredService<KeyIssuer>().RevokeAsync(id);

        await Call(key, "GET", "/v1/inventory", null, 401);
    }

    [Fact]
    public async Task a_missing_scope_is_403_naming_it()
    {
        var key = await KeyAsync("read_inventory");

        var result = await Call(key, "PATCH", "/v1/inventory/SKU-1", new { adjust = 1 }, 403);

        var body = await result.BodyAsync();
        Assert.Equal("forbidden", body.GetProperty("code").GetString());
        Assert.Contains("update_inventory", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task a_public_key_reads_but_never_writes()
    {
        var key = await KeyAsync("read_catalog", isPublic: true);
        Assert.StartsWith("cc_pk_", key);

        await Host.Scenario(x => { x.WithBearerToken(key); x.Get.Url("/v1/products"); x.StatusCodeShouldBeOk(); });
        await Call(key, "PATCH", "/v1/products/prod_1", new { price = 1 }, 403);
    }

    [Fact]
    public async Task public_keys_hold_only_the_storefronts_scopes()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => KeyAsync("update_inventory", isPublic: true));
        await Assert.ThrowsAsync<ArgumentException>(() => KeyAsync("read_inventory", isPublic: true));   // stock levels are not a storefront's
    }

    [Fact]
    public void reserved_scopes_are_the_ones_no_route_checks()
    {
        var checkedByRoutes = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(ScopePolicyProvider.RequiredScope).OfType<string>()
            .Concat(EventResources.All.Select(r => r.ReadScope))   // history checks its resource's scope itself
            .ToHashSet();

        Assert.Equal(ApiScopes.All.Where(s => !checkedByRoutes.Contains(s)).Order(), ApiScopes.Reserved.Order());
    }

    [Fact]
    public async Task a_reserved_scope_is_still_accepted_for_a_key()
    {
        var key = await KeyAsync($"{ApiScopes.Reserved[0]},read_inventory");

        await Host.Scenario(x => { x.WithBearerToken(key); x.Get.Url("/v1/inventory"); x.StatusCodeShouldBeOk(); });
    }

    [Fact]
    public async Task keys_are_stored_only_as_hashes()
    {
        var key = await KeyAsync("read_inventory");
        ApiKeyFormat.TryParse(key, out var id, out var secret);

        await using var session = Store.QuerySession();
        var json = await session.Json.FindByIdAsync<ApiKey>(id);
        Assert.NotNull(json);
        Assert.DoesNotContain(secret, json);
    }

    [Fact]
    public async Task another_tenants_records_are_invisible_and_untouchable()
    {
        await GivenStream("SECRET-SKU", new InventoryTracked("SECRET-SKU", 10, Earlier), new StockAdjusted("SECRET-SKU", 9, 9, null, Earlier));
        await Fixture.CatchUpAsync();
        var intruder = await KeyAsync("all", tenant: "x" + Guid.NewGuid().ToString("N")[..12]);

        await Call(intruder, "GET", "/v1/inventory/SECRET-SKU", null, 404);
        var list = await Host.Scenario(x => { x.WithBearerToken(intruder); x.Get.Url("/v1/inventory"); });
        Assert.Equal(0, (await list.BodyAsync()).GetProperty("meta").GetProperty("total").GetInt64());

        // A write under the intruder's tenant starts its own stream; the owner's stock is unchanged.
        await Host.Scenario(x => { x.WithBearerToken(intruder); x.Patch.Json(new { adjust = 1 }).ToUrl("/v1/inventory/SECRET-SKU"); });
        await using var session = Store.QuerySession(Tenant);
        Assert.Equal(9, (await session.Events.AggregateStreamAsync<StockItem>("SECRET-SKU"))?.OnHand);
    }
}
