using System.Text.Json;
using Alba;
using Commerce.Api.Channels;
using Commerce.Domain.Channels;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Commerce.Api.Tests.Channels;

public class ChannelsTests(AppFixture fixture) : ApiContext(fixture)
{
    private static readonly object AmazonIndia = new { id = "amazon_in", name = "Amazon India", type = "amazon" };

    private async Task<IScenarioResult> Post(string key, string url, object? body, int status) => await Host.Scenario(x =>
    {
        x.WithBearerToken(key);
        if (body is null) x.Post.Url(url);
        else x.Post.Json(body).ToUrl(url);
        x.StatusCodeShouldBe(status);
    });

    private async Task GivenStock(string key, params (string Sku, int Quantity)[] stock)
    {
        foreach (var (sku, quantity) in stock) await PatchJson(key, $"/v1/inventory/{sku}", new { quantity });
        await Fixture.CatchUpAsync();
    }

    private async Task<JsonElement> SyncUntilFinishedAsync(string key, string channel)
    {
        var queued = await Post(key, $"/v1/channels/{channel}/sync", null, 202);
        var location = queued.Context.Response.Headers.Location.ToString();
        var body = await queued.BodyAsync();
        Assert.Equal("queued", body.GetProperty("status").GetString());
        Assert.Equal(channel, body.GetProperty("channel").GetString());
        Assert.StartsWith("sync_", body.GetProperty("sync_id").GetString());
        Assert.True(body.GetProperty("estimated_seconds").GetInt32() >= 1);
        Assert.Equal($"/v1/channels/{channel}/syncs/{body.GetProperty("sync_id").GetString()}", location);
        return await Eventually.UntilAsync(async () =>
            {
                await Fixture.CatchUpAsync();
                return await GetJson(key, location);
            },
            sync => sync.GetProperty("status").GetString() is "completed" or "failed", $"sync {location} to finish");
    }

    [Fact]
    public async Task a_connected_channel_is_listed_and_read_with_its_status()
    {
        var key = await KeyAsync("read_channels,manage_channels");
        var created = await Post(key, "/v1/channels", AmazonIndia, 201);
        Assert.Equal("/v1/channels/amazon_in", created.Context.Response.Headers.Location.ToString());
        var body = await created.BodyAsync();
        Assert.Equal(("amazon_in", "active", "sandbox"),
            (body.GetProperty("id").GetString(), body.GetProperty("status").GetString(), body.GetProperty("connector").GetString()));
        await Post(key, "/v1/channels", new { id = "flipkart", name = "Flipkart", type = "flipkart" }, 201);

        await Fixture.CatchUpAsync();
        var list = await GetJson(key, "/v1/channels");
        Assert.Equal(["amazon_in", "flipkart"], list.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var amazon = list.GetProperty("data")[0];
        Assert.Equal("Amazon India", amazon.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, amazon.GetProperty("last_synced").ValueKind);
        Assert.Equal(0, amazon.GetProperty("active_listings").GetInt32());
        Assert.Equal(2, list.GetProperty("meta").GetProperty("total").GetInt32());
        Assert.Equal("flipkart", (await GetJson(key, "/v1/channels/flipkart")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task orders_today_counts_the_channels_orders_placed_since_midnight()
    {
        var key = await KeyAsync();
        await GivenStock(key, ("SKU-1", 10));
        await Post(key, "/v1/channels", AmazonIndia, 201);
        await Post(key, "/v1/channels", new { id = "flipkart", name = "Flipkart", type = "flipkart" }, 201);
        foreach (var channel in new[] { "amazon_in", "amazon_in", "flipkart" })
            await Post(key, "/v1/orders", new { channel, customer = new { name = "Priya Sharma", city = "Mumbai" },
                items = new[] { new { sku = "SKU-1", qty = 1, price = 899 } } }, 201);

        await Fixture.CatchUpAsync();
        var counts = (await GetJson(key, "/v1/channels")).GetProperty("data").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("orders_today").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["amazon_in"] = 2, ["flipkart"] = 1 }, counts);
        Assert.Equal(2, (await GetJson(key, "/v1/channels/amazon_in")).GetProperty("orders_today").GetInt32());
    }

    [Fact]
    public async Task a_channel_id_is_taken_once_and_bad_input_is_refused_naming_the_field()
    {
        var key = await KeyAsync("read_channels,manage_channels");
        await Post(key, "/v1/channels", AmazonIndia, 201);
        var again = await (await Post(key, "/v1/channels", AmazonIndia, 409)).BodyAsync();
        Assert.Contains("amazon_in", again.GetProperty("detail").GetString());

        var bad = await (await Post(key, "/v1/channels", new { id = "Amazon IN", type = "amazon", connector = "carrier-pigeon" }, 400)).BodyAsync();
        var errors = bad.GetProperty("errors");
        Assert.True(errors.TryGetProperty("id", out _));
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.Contains("sandbox", errors.GetProperty("connector")[0].GetString());
        await GetJson(key, "/v1/channels/nowhere", 404);
        await Post(key, "/v1/channels/nowhere/sync", null, 404);
    }

    [Fact]
    public async Task reading_needs_read_channels_writing_needs_manage_channels_and_tenants_see_only_their_own()
    {
        var reader = await KeyAsync("read_channels");
        await Post(reader, "/v1/channels", AmazonIndia, 403);
        var manager = await KeyAsync("read_channels,manage_channels");
        await Post(manager, "/v1/channels", AmazonIndia, 201);
        await Post(reader, "/v1/channels/amazon_in/sync", null, 403);
        await GetJson(await KeyAsync("read_inventory"), "/v1/channels", 403);

        // Another tenant's key sees none of it.
        var stranger = await KeyAsync("read_channels,manage_channels", tenant: "t" + Guid.NewGuid().ToString("N")[..12]);
        await GetJson(stranger, "/v1/channels/amazon_in", 404);
        await Post(stranger, "/v1/channels/amazon_in/sync", null, 404);
    }

    [Fact]
    public async Task a_sync_lists_the_catalog_on_the_channel_and_records_only_what_changed()
    {
        var key = await KeyAsync();
        await GivenStock(key, ("SKU-1", 10), ("SKU-21", 5), ("SKU-OUT", 0));
        await Post(key, "/v1/channels", AmazonIndia, 201);

        var sync = await SyncUntilFinishedAsync(key, "amazon_in");
        Assert.Equal("completed", sync.GetProperty("status").GetString());
        Assert.Equal(1, sync.GetProperty("attempts").GetInt32());
        var counts = sync.GetProperty("counts");
        Assert.Equal((1, 1, 1, 3), (counts.GetProperty("live").GetInt32(), counts.GetProperty("suppressed").GetInt32(),
            counts.GetProperty("inactive").GetInt32(), counts.GetProperty("changed").GetInt32()));

        await Fixture.CatchUpAsync();
        var all = await GetJson(key, "/v1/listings?channel=amazon_in");
        Assert.True(3 == all.GetProperty("data").GetArrayLength(), all.ToString());
        var listings = all.GetProperty("data").EnumerateArray()
            .ToDictionary(l => l.GetProperty("sku").GetString()!);
        Assert.Equal(("live", "SBXFC05FDDA5D"), (listings["SKU-1"].GetProperty("status").GetString(), listings["SKU-1"].GetProperty("listing_id").GetString()));
        Assert.Equal(("suppressed", "Missing HSN code"),
            (listings["SKU-21"].GetProperty("status").GetString(), listings["SKU-21"].GetProperty("reason").GetString()));
        Assert.Equal("inactive", listings["SKU-OUT"].GetProperty("status").GetString());
        var first = await GetJson(key, "/v1/listings?channel=amazon_in&limit=2");
        Assert.Equal(3, first.GetProperty("meta").GetProperty("total").GetInt32());
        var rest = await GetJson(key, $"/v1/listings?channel=amazon_in&limit=2&after={first.GetProperty("meta").GetProperty("next_cursor").GetString()}");
        Assert.Equal(["SKU-OUT"], rest.GetProperty("data").EnumerateArray().Select(l => l.GetProperty("sku").GetString()));
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("meta").GetProperty("next_cursor").ValueKind);
        await GetJson(key, "/v1/listings?after=bm90LWEtY3Vyc29y", 400);
        Assert.Equal(["SKU-21"], (await GetJson(key, "/v1/listings?status=suppressed")).GetProperty("data").EnumerateArray()
            .Select(l => l.GetProperty("sku").GetString()));

        var channel = await GetJson(key, "/v1/channels/amazon_in");
        Assert.Equal(1, channel.GetProperty("active_listings").GetInt32());
        // Recorded in the sync's completing transaction, by a command of its own.
        Assert.InRange(channel.GetProperty("last_synced").GetDateTimeOffset() - sync.GetProperty("finished_at").GetDateTimeOffset(),
            TimeSpan.Zero, TimeSpan.FromSeconds(5));

        // The same marketplace answer again changes nothing.
        var second = await SyncUntilFinishedAsync(key, "amazon_in");
        Assert.Equal(0, second.GetProperty("counts").GetProperty("changed").GetInt32());
        var history = await GetJson(key, "/v1/listings/amazon_in:SKU-21/history");
        Assert.Equal(["listing_suppressed"], history.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("amazon_in:SKU-21", history.GetProperty("data")[0].GetProperty("stream").GetString());
    }

    [Fact]
    public async Task a_sync_imports_the_marketplaces_orders_once_reserving_their_units()
    {
        var key = await KeyAsync();
        // The sandbox has an order for SKU-11 on amazon_in (docs: one live SKU in twenty), none for SKU-1.
        await GivenStock(key, ("SKU-1", 10), ("SKU-11", 5));
        await Post(key, "/v1/channels", AmazonIndia, 201);

        var first = await SyncUntilFinishedAsync(key, "amazon_in");
        Assert.Equal(1, first.GetProperty("counts").GetProperty("orders_imported").GetInt32());
        await Fixture.CatchUpAsync();
        var orders = (await GetJson(key, "/v1/orders?channel=amazon_in")).GetProperty("data");
        var order = Assert.Single(orders.EnumerateArray());
        Assert.Equal(("SBX-7EFD7AF8AD", "new", 566m), (order.GetProperty("channel_order_id").GetString(), order.GetProperty("status").GetString(),
            order.GetProperty("total").GetDecimal()));
        Assert.Equal(("SKU-11", 1), (order.GetProperty("items")[0].GetProperty("sku").GetString(), order.GetProperty("items")[0].GetProperty("qty").GetInt32()));
        var stock = await GetJson(key, "/v1/inventory/SKU-11");
        Assert.Equal((1, 4), (stock.GetProperty("reserved").GetInt32(), stock.GetProperty("available").GetInt32()));

        // The marketplace reports the same order again: it is not imported twice.
        var second = await SyncUntilFinishedAsync(key, "amazon_in");
        Assert.Equal(0, second.GetProperty("counts").GetProperty("orders_imported").GetInt32());
        await Fixture.CatchUpAsync();
        Assert.Single((await GetJson(key, "/v1/orders?channel=amazon_in")).GetProperty("data").EnumerateArray());
        Assert.Equal(1, (await GetJson(key, "/v1/inventory/SKU-11")).GetProperty("reserved").GetInt32());
        Assert.Equal(1, (await GetJson(key, "/v1/channels/amazon_in")).GetProperty("orders_today").GetInt32());
    }

    [Fact]
    public async Task a_product_shows_its_skus_listings_and_the_product_list_filters_by_channel()
    {
        var key = await KeyAsync();
        var product = await (await Post(key, "/v1/products", new { sku = "SKU-1", name = "Blue Tee", price = 899, stock = 10, cogs = 280,
            status = "live", images = new[] { "https://cdn.example.com/img1.jpg" } }, 201)).BodyAsync();
        var id = product.GetProperty("id").GetString()!;
        await Post(key, "/v1/products", new { sku = "SKU-UNLISTED", name = "Red Cap", price = 299, status = "live" }, 201);
        await Post(key, "/v1/channels", AmazonIndia, 201);
        await Fixture.CatchUpAsync();
        var healthBefore = (await GetJson(key, $"/v1/products/{id}")).GetProperty("health_score").GetInt32();
        await SyncUntilFinishedAsync(key, "amazon_in");
        await Fixture.CatchUpAsync();

        var read = await GetJson(key, $"/v1/products/{id}");
        var amazon = read.GetProperty("channel_statuses").GetProperty("amazon_in");
        Assert.Equal(("live", "SBXFC05FDDA5D"), (amazon.GetProperty("status").GetString(), amazon.GetProperty("listing_id").GetString()));
        Assert.Equal(["amazon_in"], read.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.True(read.GetProperty("health_score").GetInt32() >= healthBefore);   // a live listing counts for the product's health

        // A write answers the product as GET shows it, its listings and their health included.
        var patched = await (await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Patch.Json(new { name = "Blue Tee, renamed" }).ToUrl($"/v1/products/{id}");
            x.StatusCodeShouldBeOk();
        })).BodyAsync();
        Assert.Equal("SBXFC05FDDA5D", patched.GetProperty("channel_statuses").GetProperty("amazon_in").GetProperty("listing_id").GetString());
        Assert.Equal(["amazon_in"], patched.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(read.GetProperty("health_score").GetInt32(), patched.GetProperty("health_score").GetInt32());

        var onAmazon = await GetJson(key, "/v1/products?channel=amazon_in");
        Assert.Equal([id], onAmazon.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal("live", onAmazon.GetProperty("data")[0].GetProperty("channel_statuses").GetProperty("amazon_in").GetProperty("status").GetString());
        Assert.Empty((await GetJson(key, "/v1/products?channel=flipkart")).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task a_channel_and_a_sku_of_the_same_name_keep_apart()
    {
        var key = await KeyAsync();
        await GivenStock(key, ("amazon_in", 4));
        await Post(key, "/v1/channels", AmazonIndia, 201);
        await Fixture.CatchUpAsync();
        Assert.Equal(4, (await GetJson(key, "/v1/inventory/amazon_in")).GetProperty("total_stock").GetInt32());
        Assert.Equal("amazon", (await GetJson(key, "/v1/channels/amazon_in")).GetProperty("type").GetString());
        Assert.Equal(["channel_connected"], (await GetJson(key, "/v1/channels/amazon_in/history")).GetProperty("data").EnumerateArray()
            .Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task a_connector_that_fails_fails_the_sync_with_its_reason_and_puts_the_channel_in_error()
    {
        var key = await KeyAsync();
        await Post(key, "/v1/channels", new { id = "meesho", name = "Meesho", type = "meesho", connector = FailingConnector.ConnectorName }, 201);

        var sync = await SyncUntilFinishedAsync(key, "meesho");
        Assert.Equal(("failed", FailingConnector.Error), (sync.GetProperty("status").GetString(), sync.GetProperty("error").GetString()));
        await Fixture.CatchUpAsync();
        Assert.Equal("error", (await GetJson(key, "/v1/channels/meesho")).GetProperty("status").GetString());
        var audit = await GetJson(key, "/v1/audit?resource=channels&resource_id=meesho");
        Assert.Contains("channel_failed", audit.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task a_sync_whose_node_stopped_while_running_it_is_resumed_and_one_interrupted_too_often_fails_with_the_reason()
    {
        var key = await KeyAsync();
        await GivenStock(key, ("SKU-1", 3));
        await Post(key, "/v1/channels", AmazonIndia, 201);
        var at = DateTimeOffset.UtcNow;
        // As a dead node leaves them: started and never finished; the durable message comes back to a live node.
        await GivenStream("sync_resumed", new SyncQueued("sync_resumed", "amazon_in", 1, at), new SyncStarted(1, at));
        await GivenStream("sync_doomed", new SyncQueued("sync_doomed", "amazon_in", 1, at), new SyncStarted(1, at), new SyncStarted(2, at),
            new SyncStarted(3, at));
        using var scope = Host.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        foreach (var id in new[] { "sync_resumed", "sync_doomed" })
            await bus.PublishAsync(new RunChannelSync(id), new DeliveryOptions { TenantId = Tenant, GroupId = "amazon_in" });

        async Task<JsonElement> Finished(string id) => await Eventually.UntilAsync(async () =>
        {
            await Fixture.CatchUpAsync();
            return await GetJson(key, $"/v1/channels/amazon_in/syncs/{id}");
        }, s => s.GetProperty("status").GetString() is "completed" or "failed", $"{id} to finish");

        var resumed = await Finished("sync_resumed");
        Assert.Equal(("completed", 2), (resumed.GetProperty("status").GetString(), resumed.GetProperty("attempts").GetInt32()));
        var doomed = await Finished("sync_doomed");
        Assert.Equal("failed", doomed.GetProperty("status").GetString());
        Assert.Contains("interrupted 3 times", doomed.GetProperty("error").GetString());
        await GetJson(key, "/v1/channels/flipkart/syncs/sync_resumed", 404);   // a sync is found under its own channel only
    }

    [Fact]
    public async Task a_sync_whose_process_stops_mid_run_is_finished_by_the_next_process_never_left_running()
    {
        var key = await KeyAsync();
        var channel = "gated_" + Tenant;
        await GivenStock(key, ("SKU-1", 3));
        await Post(key, "/v1/channels", new { id = channel, name = "Gated", type = "amazon", connector = GatedConnector.ConnectorName }, 201);
        var (entered, open) = GatedConnector.GateOf(channel);

        // A second process takes the sync and stops while the marketplace call hangs.
        var doomed = await AppFixture.StartHostAsync();
        var location = (await Post(key, $"/v1/channels/{channel}/sync", null, 202)).Context.Response.Headers.Location.ToString();
        await doomed.ForceAllMartenDaemonActivityToCatchUpAsync(CancellationToken.None);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await doomed.DisposeAsync();
        open.TrySetResult();

        // The next process finds the unfinished message in the durable inbox and finishes the sync.
        await using var next = await AppFixture.StartHostAsync();
        var sync = await Eventually.UntilAsync(async () =>
        {
            await Fixture.CatchUpAsync();
            return await GetJson(key, location);
        }, s => s.GetProperty("status").GetString() is "completed" or "failed", "the sync to finish after the restart");
        Assert.Equal("completed", sync.GetProperty("status").GetString());
        Assert.Equal(1, sync.GetProperty("counts").GetProperty("live").GetInt32());
    }

    [Fact]
    public async Task the_channel_events_are_raised_to_webhooks()
    {
        var key = await KeyAsync();
        var raised = (await GetJson(key, "/v1/webhook-events")).GetProperty("data").EnumerateArray()
            .Where(e => e.GetProperty("raised").GetBoolean()).Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Contains("listing.suppressed", raised);
        Assert.Contains("channel.error", raised);
        Assert.Contains("sync.completed", raised);
    }
}
