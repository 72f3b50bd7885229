using System.Diagnostics;
using System.Text.Json;
using Alba;
using Commerce.Domain.Inventory;

namespace Commerce.Api.Tests.Faults;

/// <summary>
/// Policy: while running continuously, the daemon skips an event a projection throws on, records it as a dead letter
/// (visible in <c>GET /v1/admin/projections</c> and the logs) and keeps projecting; rebuild jobs skip it the same way.
/// </summary>
public class PoisonedEventTests(AppFixture fixture) : ApiContext(fixture)
{
    [Fact]
    public async Task a_poisoned_event_is_skipped_dead_lettered_and_projection_goes_on()
    {
        var now = DateTimeOffset.UtcNow;
        await GivenStream("POISONED", new InventoryTracked("POISONED", 10, now), new StockAdjusted("POISONED", 5, 5, null, now),
            new StockAdjusted("POISONED", -10, -5, "corrupt import", now),   // stock is never negative: the projection refuses it
            new StockAdjusted("POISONED", 2, 7, null, now));
        await GivenStream("HEALTHY", new InventoryTracked("HEALTHY", 10, now), new StockAdjusted("HEALTHY", 40, 40, null, now));
        var key = await KeyAsync("read_inventory,admin");

        // The daemon running continuously as on a node, not Fixture.CatchUpAsync: Marten's catch-up helper runs while
        // the daemon's dead-letter writer is stopped, so it would skip the event without recording it.
        JsonElement admin, poisoned;
        await using (await DaemonRunningAsync())
        {
            // The count and the tenant's list are read one after the other: wait until both show the dead letter.
            admin = await WaitFor(key, "/v1/admin/projections",
                a => a.GetProperty("recent_dead_letters").GetArrayLength() > 0 && a.GetProperty("dead_letters").GetInt64() >= 1);
            poisoned = await WaitFor(key, "/v1/inventory/POISONED", p => p.GetProperty("version").GetInt64() == 4);
            await WaitFor(key, "/v1/inventory/HEALTHY", p => p.GetProperty("version").GetInt64() == 2);
        }
        Assert.Equal(7, poisoned.GetProperty("total_stock").GetInt32());   // the event after the poisoned one was projected
        Assert.Equal(40, (await Get(key, "/v1/inventory/HEALTHY")).GetProperty("total_stock").GetInt32());

        var letter = Assert.Single(admin.GetProperty("recent_dead_letters").EnumerateArray());
        Assert.Equal(Tenant, letter.GetProperty("tenant_id").GetString());
        Assert.StartsWith("Failure to apply event", letter.GetProperty("message").GetString());
        Assert.True(letter.GetProperty("event_sequence").GetInt64() > 0);
        Assert.True(admin.GetProperty("dead_letters").GetInt64() >= 1);
    }

    private async Task<JsonElement> Get(string key, string url, bool ok = true)
    {
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Get.Url(url);
            if (ok) x.StatusCodeShouldBe(200);
            else x.IgnoreStatusCode();
        });
        return result.Context.Response.StatusCode == 200 ? await result.BodyAsync() : default;
    }

    private Task<JsonElement> WaitFor(string key, string url, Func<JsonElement, bool> condition) =>
        Eventually.UntilAsync(() => Get(key, url, ok: false), body => body.ValueKind == JsonValueKind.Object && condition(body), url);
}
