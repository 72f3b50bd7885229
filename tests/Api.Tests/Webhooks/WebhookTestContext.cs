using System.Text.Json;
using Alba;
using Commerce.Domain.Inventory;
using Commerce.Domain.Webhooks;
using Marten;

namespace Commerce.Api.Tests.Webhooks;

/// <summary>What webhook tests share: a key with manage_webhooks, registering through the API, raising stock events, reading deliveries.</summary>
public abstract class WebhookTestContext(AppFixture fixture) : ApiContext(fixture)
{
    private string? _key;

    protected async Task<string> WebhookKeyAsync() => _key ??= await KeyAsync("manage_webhooks");

    protected async Task<JsonElement> RegisterAsync(string url, string[]? events = null, string? secret = null)
    {
        var key = await WebhookKeyAsync();
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Post.Json(new { url, events = events ?? ["inventory.low", "inventory.out"], secret }).ToUrl("/v1/webhooks");
            x.StatusCodeShouldBe(201);
        });
        return await result.BodyAsync();
    }

    protected async Task<IScenarioResult> CallAsync(HttpMethod method, string url, object? body = null, int status = 200, string? key = null)
    {
        var token = key ?? await WebhookKeyAsync();
        return await Host.Scenario(x =>
        {
            x.WithBearerToken(token);
            if (method == HttpMethod.Get) x.Get.Url(url);
            else if (method == HttpMethod.Delete) x.Delete.Url(url);
            else if (method == HttpMethod.Patch) x.Patch.Json(body ?? new { }).ToUrl(url);
            else if (body is null) x.Post.Url(url);
            else x.Post.Json(body).ToUrl(url);
            x.StatusCodeShouldBe(status);
        });
    }

    /// <summary>Appends stock facts that map to webhook names: each level at or below 10 is an <c>inventory.low</c>.</summary>
    protected async Task GivenLowStock(string sku, params int[] levels)
    {
        await GivenStream(sku, [new InventoryTracked(sku, 10, Earlier), .. levels.Select(level => (object)new StockReachedReorderPoint(sku, level, 10, Earlier))]);
        await Fixture.CatchUpAsync();
    }

    protected async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(string webhookId)
    {
        await using var session = Store.QuerySession(Tenant);
        return await session.Query<WebhookDelivery>().Where(d => d.WebhookId == webhookId).OrderBy(d => d.EventSequence).ToListAsync();
    }

    protected Task<IReadOnlyList<WebhookDelivery>> DeliveriesUntilAsync(string webhookId, Func<IReadOnlyList<WebhookDelivery>, bool> done, string what) =>
        Eventually.UntilAsync(() => DeliveriesAsync(webhookId), done, what);
}
