using System.Text.Json;
using Commerce.Domain.Webhooks;

namespace Commerce.Api.Tests.History;

public class HistoryTests(AppFixture fixture) : ApiContext(fixture)
{
    [Fact]
    public async Task history_lists_the_events_in_order_with_who_and_why()
    {
        var key = await KeyAsync();
        await PatchJson(key, "/v1/inventory/HIST-1", new { quantity = 10 });
        await PatchJson(key, "/v1/inventory/HIST-1", new { adjust = -4, reason = "sold" });

        var history = await GetJson(key, "/v1/inventory/HIST-1/history");

        var events = history.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(["inventory_tracked", "stock_level_set", "stock_adjusted"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.GetProperty("version").GetInt64()));
        Assert.True(events[2].GetProperty("sequence").GetInt64() > events[1].GetProperty("sequence").GetInt64());
        Assert.Equal(-4, events[2].GetProperty("data").GetProperty("delta").GetInt32());
        var metadata = events[2].GetProperty("metadata");
        Assert.StartsWith("key_", metadata.GetProperty("actor").GetString());
        Assert.Equal("PATCH /v1/inventory/HIST-1", metadata.GetProperty("request_path").GetString());
        Assert.False(string.IsNullOrEmpty(metadata.GetProperty("correlation_id").GetString()));
        Assert.Equal(3, history.GetProperty("meta").GetProperty("total").GetInt64());

        var secondPage = await GetJson(key, "/v1/inventory/HIST-1/history?page=2&limit=2");
        Assert.Equal(3, secondPage.GetProperty("data")[0].GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task history_of_unknown_records_resources_or_other_tenants_is_404()
    {
        var key = await KeyAsync();
        await PatchJson(key, "/v1/inventory/HIST-2", new { quantity = 1 });

        Assert.Equal("not_found", (await GetJson(key, "/v1/inventory/NOPE/history", 404)).GetProperty("code").GetString());
        Assert.Equal("not_found", (await GetJson(key, "/v1/gadgets/HIST-2/history", 404)).GetProperty("code").GetString());
        var intruder = await KeyAsync(tenant: "x" + Guid.NewGuid().ToString("N")[..12]);
        await GetJson(intruder, "/v1/inventory/HIST-2/history", 404);
    }

    [Fact]
    public async Task the_total_is_the_streams_length_and_a_page_past_the_end_is_empty()
    {
        var key = await KeyAsync();
        for (var i = 0; i < 5; i++) await PatchJson(key, "/v1/inventory/HIST-3", new { adjust = 1 });   // tracked + 5 adjustments

        var page = await GetJson(key, "/v1/inventory/HIST-3/history?page=3&limit=2");
        Assert.Equal([5L, 6L], page.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("version").GetInt64()));
        Assert.Equal(6, page.GetProperty("meta").GetProperty("total").GetInt64());
        Assert.Equal(3, page.GetProperty("meta").GetProperty("total_pages").GetInt64());
        var past = await GetJson(key, "/v1/inventory/HIST-3/history?page=9&limit=2");
        Assert.Empty(past.GetProperty("data").EnumerateArray());
        Assert.Equal(6, past.GetProperty("meta").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task a_stream_of_another_resource_is_not_this_ones_history_at_any_page()
    {
        var key = await KeyAsync();
        await GivenStream("HIST-WH", new WebhookRegistered("HIST-WH", "https://hooks.example.com/a", ["inventory.low"], "whsec_••••abcd", Earlier));

        await GetJson(key, "/v1/inventory/HIST-WH/history", 404);
        await GetJson(key, "/v1/inventory/HIST-WH/history?page=5", 404);
        Assert.Equal(1, (await GetJson(key, "/v1/webhooks/HIST-WH/history")).GetProperty("meta").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task history_needs_the_resources_read_scope()
    {
        var key = await KeyAsync("read_orders");
        var problem = await GetJson(key, "/v1/inventory/ANY/history", 403);
        Assert.Contains("read_inventory", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task a_sku_can_be_read_as_it_was_at_a_version_or_a_moment()
    {
        var key = await KeyAsync();
        await PatchJson(key, "/v1/inventory/TT-1", new { quantity = 100, allocations = new Dictionary<string, int> { ["amazon_in"] = 40 } });
        var between = DateTimeOffset.UtcNow;
        await PatchJson(key, "/v1/inventory/TT-1", new { adjust = -30 });
        await PatchJson(key, "/v1/inventory/TT-1", new { allocations = new Dictionary<string, int> { ["amazon_in"] = 0 } });

        // Hand-computed: v2 = tracked + set 100; v3 adds the 40-unit allocation; as of `between` = v3.
        var atTwo = await GetJson(key, "/v1/inventory/TT-1?version=2");
        Assert.Equal(100, atTwo.GetProperty("total_stock").GetInt32());
        Assert.Empty(atTwo.GetProperty("allocations").EnumerateObject());
        Assert.Equal(2, atTwo.GetProperty("version").GetInt64());

        var then = await GetJson(key, $"/v1/inventory/TT-1?as_of={Uri.EscapeDataString(between.ToString("O"))}");
        Assert.Equal(100, then.GetProperty("total_stock").GetInt32());
        Assert.Equal(40, then.GetProperty("allocations").GetProperty("amazon_in").GetInt32());
        Assert.Equal(3, then.GetProperty("version").GetInt64());

        var now = await GetJson(key, "/v1/inventory/TT-1?version=5");
        Assert.Equal(70, now.GetProperty("total_stock").GetInt32());
        Assert.Empty(now.GetProperty("allocations").EnumerateObject());
    }

    [Theory]
    [InlineData("version=99", 400, "version_out_of_range")]
    [InlineData("version=0", 400, "validation_failed")]
    [InlineData("as_of=2001-01-01T00:00:00Z", 404, "not_found")]
    [InlineData("as_of=2999-01-01T00:00:00Z", 400, "validation_failed")]
    [InlineData("as_of=yesterday", 400, "validation_failed")]
    [InlineData("as_of=2026-01-01T00:00:00Z&version=1", 400, "validation_failed")]
    public async Task out_of_range_time_travel_is_a_clear_4xx(string query, int status, string code)
    {
        var key = await KeyAsync();
        await PatchJson(key, "/v1/inventory/TT-2", new { quantity = 1 });
        Assert.Equal(code, (await GetJson(key, $"/v1/inventory/TT-2?{query}", status)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task a_client_can_wait_to_read_its_own_write()
    {
        await using var daemon = await DaemonRunningAsync();   // the waits are for the daemon, not for a catch-up
        var key = await KeyAsync();
        var written = await PatchJson(key, "/v1/inventory/RYW-1", new { quantity = 7 });
        var version = written.GetProperty("version").GetInt64();

        var read = await GetJson(key, $"/v1/inventory/RYW-1?min_version={version}");
        Assert.Equal(7, read.GetProperty("total_stock").GetInt32());

        await PatchJson(key, "/v1/inventory/RYW-2", new { quantity = 3 });
        var list = await GetJson(key, "/v1/inventory?consistent=true");
        Assert.Equal(2, list.GetProperty("meta").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task waiting_for_a_version_that_never_comes_ends_with_503_at_the_bound()
    {
        var key = await KeyAsync();
        await PatchJson(key, "/v1/inventory/RYW-3", new { quantity = 7 });

        var problem = await GetJson(key, "/v1/inventory/RYW-3?min_version=50", 503);
        Assert.Equal("projection_lagging", problem.GetProperty("code").GetString());
    }
}

public class WebhookHistoryTests(AppFixture fixture) : ApiContext(fixture)
{
    [Fact]
    public async Task a_webhook_has_history_and_can_be_read_as_it_was()
    {
        var key = await KeyAsync("manage_webhooks");
        var created = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Post.Json(new { url = "https://hooks.example.com/first", events = new[] { "inventory.low" } }).ToUrl("/v1/webhooks");
            x.StatusCodeShouldBe(201);
        });
        var id = (await created.BodyAsync()).GetProperty("id").GetString();
        await PatchJson(key, $"/v1/webhooks/{id}", new { url = "https://hooks.example.com/second" });

        var history = await GetJson(key, $"/v1/webhooks/{id}/history");
        Assert.Equal(["webhook_registered", "webhook_changed"],
            history.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        var first = await GetJson(key, $"/v1/webhooks/{id}?version=1");
        Assert.Equal("https://hooks.example.com/first", first.GetProperty("url").GetString());
        Assert.Equal("version_out_of_range", (await GetJson(key, $"/v1/webhooks/{id}?version=3", 400)).GetProperty("code").GetString());
    }
}
