using Alba;
using Commerce.Domain.Inventory;

namespace Commerce.Api.Tests.Inventory;

public class ReadInventoryTests(AppFixture fixture) : ApiContext(fixture)
{
    private async Task GivenSkus()
    {
        var now = DateTimeOffset.UtcNow;
        await GivenStream("A-HEALTHY", new InventoryTracked("A-HEALTHY", 10, now), new StockAdjusted("A-HEALTHY", 100, 100, null, now),
            new ChannelAllocationSet("A-HEALTHY", "amazon_in", 60, now), new ChannelAllocationSet("A-HEALTHY", "flipkart", 20, now),
            new StockAdjusted("A-HEALTHY", -30, 70, null, now));
        await GivenStream("B-LOW", new InventoryTracked("B-LOW", 10, now), new StockAdjusted("B-LOW", 15, 15, null, now),
            new StockAdjusted("B-LOW", -1, 14, null, now));
        await GivenStream("C-OUT", new InventoryTracked("C-OUT", 10, now));
        await GivenStream("D-DEAD", new InventoryTracked("D-DEAD", 10, Earlier.AddYears(-1)), new StockAdjusted("D-DEAD", 500, 500, null, Earlier.AddYears(-1)),
            new ChannelAllocationSet("D-DEAD", "amazon_in", 5, Earlier.AddYears(-1)));
        await Fixture.CatchUpAsync();
    }

    private async Task<System.Text.Json.JsonElement> Get(string url, int status = 200)
    {
        var key = await KeyAsync("read_inventory");
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Get.Url(url);
            x.StatusCodeShouldBe(status);
        });
        return await result.BodyAsync();
    }

    [Fact]
    public async Task get_answers_the_sku_with_status_velocity_and_etag()
    {
        await GivenSkus();
        var key = await KeyAsync("read_inventory");

        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Get.Url("/v1/inventory/A-HEALTHY");
            x.Header("ETag").SingleValueShouldEqual("\"5\"");
        });

        var body = await result.BodyAsync();
        Assert.Equal(70, body.GetProperty("total_stock").GetInt32());
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal(1.0, body.GetProperty("velocity").GetDouble());   // 30 units out in the last 30 days
        Assert.Equal(70, body.GetProperty("restock_days").GetInt32());
        Assert.Equal(60, body.GetProperty("allocations").GetProperty("amazon_in").GetInt32());
    }

    [Fact]
    public async Task list_filters_by_status_and_sums_the_whole_inventory()
    {
        await GivenSkus();

        Assert.Equal(["C-OUT"], SkusOf(await Get("/v1/inventory?status=critical")));
        Assert.Equal(["B-LOW"], SkusOf(await Get("/v1/inventory?status=low")));
        Assert.Equal(["A-HEALTHY"], SkusOf(await Get("/v1/inventory?status=healthy")));
        var dead = await Get("/v1/inventory?status=dead_stock");
        Assert.Equal(["D-DEAD"], SkusOf(dead));

        var summary = dead.GetProperty("summary");
        Assert.Equal(584, summary.GetProperty("total_units").GetInt64());
        Assert.Equal(1, summary.GetProperty("critical_skus").GetInt64());
        Assert.Equal(1, summary.GetProperty("out_of_stock").GetInt64());
    }

    [Fact]
    public async Task list_by_channel_shows_only_that_channel()
    {
        await GivenSkus();

        var body = await Get("/v1/inventory?channel=flipkart");

        Assert.Equal(["A-HEALTHY"], SkusOf(body));
        var allocations = body.GetProperty("data")[0].GetProperty("allocations");
        Assert.Equal(["flipkart"], allocations.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task list_paginates()
    {
        await GivenSkus();

        var body = await Get("/v1/inventory?page=2&limit=3");

        Assert.Equal(["D-DEAD"], SkusOf(body));
        var meta = body.GetProperty("meta");
        Assert.Equal(4, meta.GetProperty("total").GetInt64());
        Assert.Equal(2, meta.GetProperty("page").GetInt32());
        Assert.Equal(3, meta.GetProperty("limit").GetInt32());
        Assert.Equal(2, meta.GetProperty("total_pages").GetInt64());
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("limit=101")]
    [InlineData("limit=0")]
    [InlineData("page=abc")]
    [InlineData("status=sleepy")]
    [InlineData("channel=Not%20A%20Channel")]
    [InlineData("page=51&limit=20")]   // past the 1,000th SKU: a cursor goes further
    [InlineData("page=2&after=QS0x")]
    [InlineData("after=not-a-cursor!")]
    [InlineData("after=ISE")]   // base64url of "!!", not a SKU
    public async Task bad_list_parameters_are_400(string query)
    {
        var body = await Get($"/v1/inventory?{query}", 400);
        Assert.Equal("validation_failed", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task a_cursor_walks_every_sku_once_in_sku_order_and_page_numbers_stop_at_a_thousand()
    {
        var skus = Enumerable.Range(0, 7).Select(i => $"W-{i}").ToArray();
        foreach (var sku in skus.Reverse()) await GivenStream(sku, new InventoryTracked(sku, 10, Earlier));
        await Fixture.CatchUpAsync();

        var walked = new List<string>();
        var page = await Get("/v1/inventory?limit=3");
        while (true)
        {
            walked.AddRange(SkusOf(page));
            Assert.Equal(7, page.GetProperty("meta").GetProperty("total").GetInt64());
            if (page.GetProperty("meta").GetProperty("next_cursor").GetString() is not { } cursor) break;
            page = await Get($"/v1/inventory?limit=3&status=critical&after={cursor}");
        }
        Assert.Equal(skus, walked);

        await Get("/v1/inventory?page=50&limit=20");
        var tooDeep = await Get("/v1/inventory?page=11&limit=100", 400);
        Assert.Contains("after=<meta.next_cursor>", tooDeep.GetProperty("errors").GetProperty("page")[0].GetString());
    }

    /// <summary>
    /// The figures as the list computed them before the summary table, by one scan of the tenant's documents: the
    /// reference the summary and the totals must equal.
    /// </summary>
    private async Task<Dictionary<string, long>> ScannedAsync(DateTimeOffset cutoff)
    {
        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var scan = new Npgsql.NpgsqlCommand(
            """
            select coalesce(sum(total_stock), 0),
                   count(*) filter (where band = 'critical' and (total_stock = 0 or last_moved_out_at >= @cutoff)),
                   count(*) filter (where total_stock = 0),
                   count(*),
                   count(*) filter (where total_stock > 0 and last_moved_out_at < @cutoff),
                   count(*) filter (where band = 'low' and (total_stock = 0 or last_moved_out_at >= @cutoff)),
                   count(*) filter (where band = 'healthy' and (total_stock = 0 or last_moved_out_at >= @cutoff))
            from commerce.mt_doc_inventoryitemview where tenant_id = @tenant
            """, connection);
        scan.Parameters.AddWithValue("cutoff", cutoff);
        scan.Parameters.AddWithValue("tenant", Tenant);
        await using var reader = await scan.ExecuteReaderAsync();
        await reader.ReadAsync();
        string[] names = ["total_units", "critical_skus", "out_of_stock", "all", "dead_stock", "low", "healthy"];
        return names.Select((name, i) => (name, reader.GetInt64(i))).ToDictionary(x => x.name, x => x.Item2);
    }

    private async Task SummaryAndTotalsEqualTheScanAsync()
    {
        var cutoff = StockStatus.DeadStockCutoff(DateTimeOffset.UtcNow);   // no SKU here last moved within minutes of it
        var scanned = await ScannedAsync(cutoff);
        var listed = await Get("/v1/inventory");
        var summary = listed.GetProperty("summary");
        foreach (var figure in new[] { "total_units", "critical_skus", "out_of_stock" })
            Assert.True(scanned[figure] == summary.GetProperty(figure).GetInt64(), $"{figure}: scanned {scanned[figure]}, summary {summary}");
        Assert.Equal(scanned["all"], listed.GetProperty("meta").GetProperty("total").GetInt64());
        foreach (var (status, figure) in new[] { ("critical", "critical_skus"), ("low", "low"), ("healthy", "healthy"), ("dead_stock", "dead_stock") })
        {
            var filtered = await Get($"/v1/inventory?status={status}&limit=100");
            Assert.Equal(scanned[figure], filtered.GetProperty("meta").GetProperty("total").GetInt64());
            Assert.Equal(scanned[figure], filtered.GetProperty("data").GetArrayLength());
        }
    }

    [Fact]
    public async Task the_summary_and_the_totals_equal_a_scan_of_the_tenants_skus_with_dead_stock_present()
    {
        var now = DateTimeOffset.UtcNow;
        var yearAgo = now.AddYears(-1);
        await GivenSkus();   // healthy, low, out of stock (never moved), dead healthy
        await GivenStream("E-DEAD-CRITICAL", new InventoryTracked("E-DEAD-CRITICAL", 10, yearAgo),
            new StockAdjusted("E-DEAD-CRITICAL", 8, 8, null, yearAgo), new StockAdjusted("E-DEAD-CRITICAL", -3, 5, null, yearAgo));
        await GivenStream("F-CRITICAL", new InventoryTracked("F-CRITICAL", 10, yearAgo), new StockAdjusted("F-CRITICAL", 9, 9, null, yearAgo),
            new StockAdjusted("F-CRITICAL", -6, 3, null, now));
        await GivenStream("G-RAISED", new InventoryTracked("G-RAISED", 10, yearAgo), new StockAdjusted("G-RAISED", 40, 40, null, yearAgo),
            new ReorderPointChanged("G-RAISED", 50, yearAgo));   // critical by its reorder point, dead by its age
        await GivenStream("H-OUT-LONG-AGO", new InventoryTracked("H-OUT-LONG-AGO", 10, yearAgo), new StockAdjusted("H-OUT-LONG-AGO", 4, 4, null, yearAgo),
            new StockAdjusted("H-OUT-LONG-AGO", -4, 0, null, yearAgo));
        await Fixture.CatchUpAsync();
        await SummaryAndTotalsEqualTheScanAsync();
        // Critical: C-OUT, F-CRITICAL, H-OUT-LONG-AGO; in the critical band but dead: E-DEAD-CRITICAL, G-RAISED.
        var summary = (await Get("/v1/inventory")).GetProperty("summary");
        Assert.Equal((3L, 2L), (summary.GetProperty("critical_skus").GetInt64(), summary.GetProperty("out_of_stock").GetInt64()));
        Assert.Equal(["D-DEAD", "E-DEAD-CRITICAL", "G-RAISED"], SkusOf(await Get("/v1/inventory?status=dead_stock")));

        // Dead stock that moves comes back to its band; a restock leaves the critical band; a raised reorder point enters it.
        var key = await KeyAsync("update_inventory");
        await PatchJson(key, "/v1/inventory/E-DEAD-CRITICAL", new { adjust = -1 });
        await PatchJson(key, "/v1/inventory/F-CRITICAL", new { adjust = 100 });
        await PatchJson(key, "/v1/inventory/B-LOW", new { reorder_point = 20 });
        await PatchJson(key, "/v1/inventory/H-OUT-LONG-AGO", new { quantity = 2 });
        await Fixture.CatchUpAsync();
        await SummaryAndTotalsEqualTheScanAsync();
    }

    [Fact]
    public async Task an_untracked_sku_is_404()
    {
        var body = await Get("/v1/inventory/NOPE", 404);
        Assert.Equal("not_found", body.GetProperty("code").GetString());
    }

    private static string[] SkusOf(System.Text.Json.JsonElement body) =>
        body.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("sku").GetString()!).ToArray();
}
