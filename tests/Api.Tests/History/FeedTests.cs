using System.Net.Http.Headers;
using System.Text.Json;
using Marten;

namespace Commerce.Api.Tests.History;

public class FeedTests(AppFixture fixture) : ApiContext(fixture)
{
    private async Task<List<JsonElement>> ReadWholeFeed(string key, int limit, string extra = "")
    {
        var all = new List<JsonElement>();
        long after = 0;
        while (true)
        {
            var page = await GetJson(key, $"/v1/events?after={after}&limit={limit}{extra}");
            all.AddRange(page.GetProperty("data").EnumerateArray());
            if (page.GetProperty("meta").GetProperty("next_cursor").ValueKind == JsonValueKind.Null) return all;
            after = page.GetProperty("meta").GetProperty("next_cursor").GetInt64();
        }
    }

    [Fact]
    public async Task the_feed_pages_stably_while_events_are_appended()
    {
        var key = await KeyAsync();
        var seen = new List<long>();
        long after = 0;
        var writers = Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            PatchJson(key, $"/v1/inventory/FEED-{i % 5}", new { adjust = 1 })));

        while (!writers.IsCompleted)
        {
            var page = await GetJson(key, $"/v1/events?after={after}&limit=3");
            var sequences = page.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).ToList();
            seen.AddRange(sequences);
            if (sequences.Count > 0) after = sequences[^1];
        }
        await writers;
        await Fixture.CatchUpAsync();
        seen.AddRange((await ReadWholeFeed(key, 7)).Select(e => e.GetProperty("sequence").GetInt64()).Where(s => s > after));

        await using var session = Store.QuerySession(Tenant);
        var stored = (await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync()).ToList();
        Assert.Equal(45, stored.Count);   // 5 SKUs tracked + 40 adjustments
        Assert.Equal(stored, seen);       // every event once, in order, none skipped
    }

    [Fact]
    public async Task the_feed_filters_by_type_and_is_tenant_scoped()
    {
        var key = await KeyAsync();
        await PatchJson(key, "/v1/inventory/FEED-T", new { quantity = 5 });
        await PatchJson(key, "/v1/inventory/FEED-T", new { adjust = -5 });
        var other = await KeyAsync(tenant: "x" + Guid.NewGuid().ToString("N")[..12]);
        await PatchJson(other, "/v1/inventory/FEED-T", new { quantity = 9 });
        await Fixture.CatchUpAsync();

        var ranOut = await ReadWholeFeed(key, 100, "&types=stock_ran_out");
        Assert.Equal(["stock_ran_out"], ranOut.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(4, (await ReadWholeFeed(key, 100)).Count);   // tracked, set, adjusted, ran out

        Assert.Equal("validation_failed", (await GetJson(key, "/v1/events?types=nonsense", 400)).GetProperty("code").GetString());
        await GetJson(await KeyAsync("read_inventory"), "/v1/events", 403);
    }

    [Fact]
    public async Task an_sse_client_resumes_after_a_disconnect_and_misses_nothing()
    {
        // The live stream shows events up to the daemon's high-water mark, which only a running daemon moves on.
        await using var daemon = await DaemonRunningAsync();
        var key = await KeyAsync();
        for (var i = 0; i < 3; i++) await PatchJson(key, $"/v1/inventory/SSE-{i}", new { quantity = i + 1 });
        var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var first = await ReadSse(client, null, count: 4);   // 6 events exist; take 4, then drop the connection
        for (var i = 0; i < 2; i++) await PatchJson(key, $"/v1/inventory/SSE-{i}", new { adjust = 1 });
        var rest = await ReadSse(client, first[^1], count: 4);

        await using var session = Store.QuerySession(Tenant);
        var stored = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync();
        Assert.Equal(stored, first.Concat(rest));
    }

    private static async Task<List<long>> ReadSse(HttpClient client, long? lastEventId, int count)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/events/stream");
        if (lastEventId is { } last) request.Headers.Add("Last-Event-ID", last.ToString());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var ids = new List<long>();
        while (ids.Count < count && await reader.ReadLineAsync(timeout.Token) is { } line)
            if (line.StartsWith("id: ")) ids.Add(long.Parse(line[4..]));
        return ids;
    }
}
