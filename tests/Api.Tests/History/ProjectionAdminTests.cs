using Commerce.Projections.Inventory;
using Marten;

namespace Commerce.Api.Tests.History;

public class ProjectionAdminTests(AppFixture fixture) : ApiContext(fixture)
{
    [Fact]
    public async Task the_admin_route_lists_projections_with_progress_and_lag()
    {
        var admin = await KeyAsync("admin");
        await PatchJson(admin, "/v1/inventory/ADM-1", new { quantity = 1 });
        await Fixture.CatchUpAsync();

        // The daemon persists its high-water mark and each shard's progress separately; wait until both agree.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        System.Text.Json.JsonElement body, inventory;
        do
        {
            body = await GetJson(admin, "/v1/admin/projections");
            inventory = body.GetProperty("data").EnumerateArray().Single(p => p.GetProperty("name").GetString() == InventoryRegistration.ItemProjectionName);
            Assert.Equal(body.GetProperty("high_water_mark").GetInt64() - inventory.GetProperty("last_processed_sequence").GetInt64(),
                inventory.GetProperty("lag_events").GetInt64());
            Assert.True(DateTimeOffset.UtcNow < deadline, "the inventory projection did not catch up with the high-water mark");
        } while (inventory.GetProperty("lag_events").GetInt64() > 0);
        Assert.Equal("running", inventory.GetProperty("status").GetString());
        Assert.True(inventory.GetProperty("rebuildable").GetBoolean());
        await GetJson(await KeyAsync("read_inventory"), "/v1/admin/projections", 403);
    }

    [Fact]
    public async Task a_rebuild_during_concurrent_writes_ends_equal_to_a_fresh_replay()
    {
        var admin = await KeyAsync("admin");
        for (var i = 0; i < 10; i++) await PatchJson(admin, $"/v1/inventory/RB-{i}", new { quantity = 100 });
        await Fixture.CatchUpAsync();

        using var stop = new CancellationTokenSource();
        var writes = Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested) await PatchJson(admin, $"/v1/inventory/RB-{n++ % 10}", new { adjust = -1 });
            return n;
        });
        var started = await Host.Scenario(x =>
        {
            x.WithBearerToken(admin);
            x.Post.Url($"/v1/admin/projections/{InventoryRegistration.ItemProjectionName}/rebuild");
            x.StatusCodeShouldBe(202);
        });
        var jobUrl = started.Context.Response.Headers.Location.ToString();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        string state;
        do
        {
            state = (await GetJson(admin, jobUrl)).GetProperty("state").GetString()!;
            Assert.True(DateTimeOffset.UtcNow < deadline, "the rebuild did not finish within 60 s");
        } while (state == "running");
        Assert.True(state == "completed", (await GetJson(admin, jobUrl)).GetRawText());
        await stop.CancelAsync();
        Assert.True(await writes > 0);
        await Fixture.CatchUpAsync();

        await using var session = Store.QuerySession(Tenant);
        for (var i = 0; i < 10; i++)
        {
            var sku = $"RB-{i}";
            var events = await session.Events.FetchStreamAsync(sku);
            var replayed = events.Aggregate((InventoryItemView?)null, (view, e) => new InventoryItemProjection().Evolve(view, sku, e));
            var served = await session.LoadAsync<InventoryItemView>(sku);
            Assert.Equal(replayed!.TotalStock, served!.TotalStock);
            Assert.Equal(replayed.Version, served.Version);
            Assert.Equal(replayed.OutflowByDay, served.OutflowByDay);
        }
    }

    [Fact]
    public async Task rebuilding_an_unknown_projection_is_404()
    {
        var admin = await KeyAsync("admin");
        await Host.Scenario(x =>
        {
            x.WithBearerToken(admin);
            x.Post.Url("/v1/admin/projections/Nope/rebuild");
            x.StatusCodeShouldBe(404);
        });
    }
}
