using System.Text;
using Commerce.Domain.Webhooks;
using Marten;

namespace Commerce.Api.Tests.Webhooks;

public class DeliveryTests(AppFixture fixture) : WebhookTestContext(fixture)
{
    [Fact]
    public async Task a_subscribed_event_arrives_signed_both_ways_with_the_seed_payload()
    {
        await using var receiver = await Receiver.StartAsync();
        var webhook = await RegisterAsync(receiver.Url, ["inventory.low"]);
        var secret = webhook.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);

        await GivenLowStock("BLUE-TEE-M", 8);

        var call = (await receiver.WaitForAsync(1))[0];
        var payload = call.Json;
        Assert.Equal("inventory.low", payload.GetProperty("event").GetString());
        Assert.StartsWith("dlv_", payload.GetProperty("id").GetString());
        Assert.Equal("BLUE-TEE-M", payload.GetProperty("data").GetProperty("sku").GetString());
        Assert.Equal(8, payload.GetProperty("data").GetProperty("total_stock").GetInt32());
        Assert.True(payload.TryGetProperty("created_at", out _));
        Assert.False(payload.TryGetProperty("replay", out _));

        Assert.Equal("sha256=" + Signatures.Hex(secret, call.Body), call.Header("X-Signature"));
        Assert.Equal(payload.GetProperty("id").GetString(), call.Header("webhook-id"));
        var timestamp = call.Header("webhook-timestamp");
        Assert.InRange(long.Parse(timestamp), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        Assert.Equal(Signatures.Standard(secret, call.Header("webhook-id"), timestamp, call.Body), call.Header("webhook-signature"));

        var delivered = await DeliveriesUntilAsync(webhook.GetProperty("id").GetString()!,
            d => d.Count == 1 && d[0].Status == DeliveryStatus.Succeeded, "the delivery to be recorded as succeeded");
        Assert.Equal(1, delivered[0].Attempts);
        Assert.Equal(200, delivered[0].ResponseCode);
    }

    [Fact]
    public async Task a_secret_of_your_own_signs_with_its_utf8_bytes()
    {
        await using var receiver = await Receiver.StartAsync();
        await RegisterAsync(receiver.Url, ["inventory.low"], secret: "my_webhook_secret");

        await GivenLowStock("SKU-OWN", 3);

        var call = (await receiver.WaitForAsync(1))[0];
        Assert.Equal("sha256=" + Signatures.Hex("my_webhook_secret", call.Body), call.Header("X-Signature"));
        Assert.Equal(Signatures.Standard("my_webhook_secret", call.Header("webhook-id"), call.Header("webhook-timestamp"), call.Body),
            call.Header("webhook-signature"));
        Assert.Equal("application/json; charset=utf-8", call.Header("Content-Type"));
        Assert.Contains("\"event\":\"inventory.low\"", Encoding.UTF8.GetString(call.Body));
    }

    [Fact]
    public async Task one_webhooks_deliveries_arrive_in_event_order()
    {
        await using var receiver = await Receiver.StartAsync();
        await RegisterAsync(receiver.Url, ["inventory.low"]);

        await GivenLowStock("SKU-ORDER", 9, 8, 7, 6, 5, 4, 3, 2);

        var calls = await receiver.WaitForAsync(8);
        Assert.Equal([9, 8, 7, 6, 5, 4, 3, 2], calls.Select(c => c.Json.GetProperty("data").GetProperty("total_stock").GetInt32()));
    }

    [Fact]
    public async Task a_failing_receiver_is_retried_until_it_recovers()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = n => Task.FromResult(n <= 2 ? 500 : 200);
        var id = (await RegisterAsync(receiver.Url, ["inventory.low"])).GetProperty("id").GetString()!;

        await GivenLowStock("SKU-RETRY", 5);

        var calls = await receiver.WaitForAsync(3);
        Assert.Single(calls.Select(c => c.Header("webhook-id")).Distinct());   // the same delivery each time
        Assert.Single(calls.Select(c => Encoding.UTF8.GetString(c.Body)).Distinct());   // the same bytes each time
        var delivery = (await DeliveriesUntilAsync(id, d => d.Count == 1 && d[0].Status == DeliveryStatus.Succeeded, "success after retries"))[0];
        Assert.Equal(3, delivery.Attempts);
        Assert.Equal(200, delivery.ResponseCode);
    }

    [Fact]
    public async Task spent_retries_dead_letter_the_delivery_and_disable_the_failing_webhook()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = _ => Task.FromResult(503);
        var id = (await RegisterAsync(receiver.Url, ["inventory.low"])).GetProperty("id").GetString()!;

        await GivenLowStock("SKU-DEAD", 5);

        var delivery = (await DeliveriesUntilAsync(id, d => d.Count == 1 && d[0].Status == DeliveryStatus.DeadLettered, "the dead letter"))[0];
        Assert.Equal(4, delivery.Attempts);   // the first attempt and the three retries of the test schedule
        Assert.Equal(503, delivery.ResponseCode);
        var webhook = await (await CallAsync(HttpMethod.Get, $"/v1/webhooks/{id}/deliveries")).BodyAsync();
        Assert.Equal("dead_lettered", webhook.GetProperty("data")[0].GetProperty("status").GetString());

        var disabled = await Eventually.UntilAsync(async () => (await Live(id))?.Enabled, enabled => enabled == false, "the webhook to be disabled");
        Assert.False(disabled);
        Assert.Contains("retries ran out", (await Live(id))!.DisabledReason);

        // A person fixes the receiver, resumes the webhook and sends the dead letter again.
        receiver.Answer = _ => Task.FromResult(200);
        await CallAsync(HttpMethod.Patch, $"/v1/webhooks/{id}", new { active = true });
        var retried = await (await CallAsync(HttpMethod.Post, $"/v1/webhooks/{id}/deliveries/{delivery.Id}/retry", status: 202)).BodyAsync();
        Assert.Equal("pending", retried.GetProperty("status").GetString());
        await DeliveriesUntilAsync(id, d => d[0].Status == DeliveryStatus.Succeeded && d[0].Attempts == 5, "the manual retry to succeed");
    }

    [Fact]
    public async Task a_410_answer_disables_the_webhook_at_once()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = _ => Task.FromResult(410);
        var id = (await RegisterAsync(receiver.Url, ["inventory.low"])).GetProperty("id").GetString()!;

        await GivenLowStock("SKU-GONE", 5);

        await DeliveriesUntilAsync(id, d => d.Count == 1 && d[0].Status == DeliveryStatus.DeadLettered, "the dead letter");
        Assert.Single(receiver.Calls);
        Assert.Equal("The receiver answered 410 Gone.", (await Eventually.UntilAsync(() => Live(id), w => w is { Enabled: false }, "disabled"))!.DisabledReason);
        var retry = await CallAsync(HttpMethod.Post, $"/v1/webhooks/{id}/deliveries/{(await DeliveriesAsync(id))[0].Id}/retry", status: 409);
        Assert.Equal("webhook_disabled", await retry.CodeAsync());
    }

    [Fact]
    public async Task replay_sends_history_again_in_order_marked_as_replays()
    {
        await using var receiver = await Receiver.StartAsync();
        var id = (await RegisterAsync(receiver.Url, ["inventory.low", "inventory.out"])).GetProperty("id").GetString()!;
        await GivenLowStock("SKU-REPLAY", 9, 8, 7);
        var live = await receiver.WaitForAsync(3);
        long first;
        await using (var session = Store.QuerySession(Tenant))
            first = (await session.Events.FetchStreamAsync("SKU-REPLAY")).Single(e => e.Version == 3).Sequence;

        var replay = await (await CallAsync(HttpMethod.Post, $"/v1/webhooks/{id}/replay", new { from = first, events = new[] { "inventory.low" } }, 202)).BodyAsync();

        Assert.Equal(2, replay.GetProperty("deliveries").GetInt32());
        var replayed = (await receiver.WaitForAsync(5)).Skip(3).ToList();
        Assert.Equal([8, 7], replayed.Select(c => c.Json.GetProperty("data").GetProperty("total_stock").GetInt32()));
        Assert.All(replayed, c => Assert.True(c.Json.GetProperty("replay").GetBoolean()));
        Assert.DoesNotContain(replayed, c => live.Any(l => l.Header("webhook-id") == c.Header("webhook-id")));

        var byTime = await (await CallAsync(HttpMethod.Post, $"/v1/webhooks/{id}/replay", new { from = "2000-01-01T00:00:00Z" }, 202)).BodyAsync();
        Assert.Equal(3, byTime.GetProperty("deliveries").GetInt32());
        await receiver.WaitForAsync(8);
    }

    [Fact]
    public async Task a_tenants_events_never_reach_another_tenants_webhook()
    {
        await using var mine = await Receiver.StartAsync();
        await using var theirs = await Receiver.StartAsync();
        var otherTenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var otherKey = await KeyAsync("manage_webhooks", tenant: otherTenant);
        await CallAsync(HttpMethod.Post, "/v1/webhooks", new { url = theirs.Url, events = new[] { "inventory.low" } }, 201, otherKey);
        await RegisterAsync(mine.Url, ["inventory.low"]);

        await GivenLowStock("SKU-MINE", 4);
        await mine.WaitForAsync(1);

        await using (var session = Store.LightweightSession(otherTenant))
        {
            session.Events.StartStream("SKU-THEIRS", new Domain.Inventory.StockReachedReorderPoint("SKU-THEIRS", 1, 10, Earlier));
            await session.SaveChangesAsync();
        }
        await Fixture.CatchUpAsync();
        var theirCalls = await theirs.WaitForAsync(1);

        Assert.Equal("SKU-THEIRS", Assert.Single(theirCalls).Json.GetProperty("data").GetProperty("sku").GetString());
        Assert.Equal("SKU-MINE", Assert.Single(mine.Calls).Json.GetProperty("data").GetProperty("sku").GetString());
    }

    [Fact]
    public async Task a_webhook_receives_only_events_stored_after_it_and_only_its_names()
    {
        await using var receiver = await Receiver.StartAsync();
        await GivenLowStock("SKU-BEFORE", 5);
        var id = (await RegisterAsync(receiver.Url, ["inventory.out"])).GetProperty("id").GetString()!;
        await GivenLowStock("SKU-LOW-ONLY", 5);
        await GivenStream("SKU-OUT", new Domain.Inventory.InventoryTracked("SKU-OUT", 10, Earlier), new Domain.Inventory.StockRanOut("SKU-OUT", Earlier));
        await Fixture.CatchUpAsync();

        var call = (await receiver.WaitForAsync(1))[0];
        Assert.Equal("inventory.out", call.Json.GetProperty("event").GetString());
        Assert.Single(await DeliveriesAsync(id));
    }

    [Fact]
    public async Task the_delivery_log_pages_newest_first_with_a_cursor()
    {
        await using var receiver = await Receiver.StartAsync();
        var id = (await RegisterAsync(receiver.Url, ["inventory.low"])).GetProperty("id").GetString()!;
        await GivenLowStock("SKU-LOG", 9, 8, 7, 6, 5);
        await DeliveriesUntilAsync(id, d => d.Count == 5 && d.All(x => x.Status == DeliveryStatus.Succeeded), "five deliveries");

        var first = await (await CallAsync(HttpMethod.Get, $"/v1/webhooks/{id}/deliveries?limit=2")).BodyAsync();
        var second = await (await CallAsync(HttpMethod.Get,
            $"/v1/webhooks/{id}/deliveries?limit=2&after={first.GetProperty("meta").GetProperty("next_cursor").GetString()}")).BodyAsync();
        var third = await (await CallAsync(HttpMethod.Get,
            $"/v1/webhooks/{id}/deliveries?limit=2&after={second.GetProperty("meta").GetProperty("next_cursor").GetString()}")).BodyAsync();

        var sequences = new[] { first, second, third }.SelectMany(p => p.GetProperty("data").EnumerateArray())
            .Select(d => d.GetProperty("event_sequence").GetInt64()).ToList();
        Assert.Equal(5, sequences.Count);
        Assert.Equal(sequences.OrderDescending(), sequences);
        Assert.Equal(5, first.GetProperty("meta").GetProperty("total").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, third.GetProperty("meta").GetProperty("next_cursor").ValueKind);
        // The totals by status followed the deliveries from pending to succeeded (a list by status counts its matches).
        foreach (var (status, total) in new[] { (DeliveryStatus.Succeeded, 5), (DeliveryStatus.Pending, 0) })
        {
            var filtered = await (await CallAsync(HttpMethod.Get, $"/v1/webhooks/{id}/deliveries?status={status}")).BodyAsync();
            Assert.Equal(total, filtered.GetProperty("meta").GetProperty("total").GetInt32());
        }
        var row = first.GetProperty("data")[0];
        Assert.Equal(200, row.GetProperty("response_code").GetInt32());
        Assert.Equal(1, row.GetProperty("attempts").GetInt32());
        Assert.True(row.TryGetProperty("latency_ms", out _));
        Assert.True(row.TryGetProperty("next_retry_at", out _));
    }

    private async Task<Domain.Webhooks.Webhook?> Live(string id)
    {
        await using var session = Store.QuerySession(Tenant);
        return await session.Events.AggregateStreamAsync<Domain.Webhooks.Webhook>(id);
    }
}
