using Commerce.Domain.Inventory;
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
        var job = await WaitForAsync(admin, await StartInventoryRebuildAsync(admin));
        Assert.True(job.GetProperty("state").GetString() == "completed", job.GetRawText());
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
    public async Task a_rebuild_overwrites_every_tenants_documents_stream_by_stream_and_skips_poisoned_events()
    {
        // Two tenants, one with many streams and one with few: streams at the ends of each tenant's range are checked.
        var other = "t" + Guid.NewGuid().ToString("N")[..12];
        var at = DateTimeOffset.UtcNow;
        var manySkus = Enumerable.Range(0, 700).Select(i => $"MANY-{i:D4}").ToArray();
        await using (var session = Store.LightweightSession(Tenant))
        {
            foreach (var sku in manySkus)
                session.Events.StartStream(sku, new InventoryTracked(sku, 10, at), new StockAdjusted(sku, 20, 20, null, at), new StockAdjusted(sku, -3, 17, null, at));
            await session.SaveChangesAsync();
        }
        await using (var session = Store.LightweightSession(other))
        {
            session.Events.StartStream("A-FIRST", new InventoryTracked("A-FIRST", 10, at), new StockAdjusted("A-FIRST", 4, 4, null, at));
            session.Events.StartStream("Z-LAST", new InventoryTracked("Z-LAST", 10, at), new StockAdjusted("Z-LAST", 9, 9, null, at),
                new StockAdjusted("Z-LAST", -20, -11, "corrupt import", at), new StockAdjusted("Z-LAST", 1, 10, null, at));
            await session.SaveChangesAsync();
        }
        await Fixture.CatchUpAsync();

        // Damage the served documents, so only a rebuild that overwrites each of them restores it.
        foreach (var (tenant, sku) in new[] { (Tenant, manySkus[0]), (Tenant, manySkus[^1]), (other, "A-FIRST"), (other, "Z-LAST") })
        {
            await using var session = Store.LightweightSession(tenant);
            session.Store(new InventoryItemView { Sku = sku, TotalStock = 999 });
            await session.SaveChangesAsync();
        }

        var admin = await KeyAsync("admin");
        var job = await WaitForAsync(admin, await StartInventoryRebuildAsync(admin));
        Assert.True(job.GetProperty("state").GetString() == "completed", job.GetRawText());
        Assert.True(job.GetProperty("events_skipped").GetInt32() >= 1);
        Assert.True(job.GetProperty("documents_written").GetInt32() >= manySkus.Length + 2);

        await using (var session = Store.QuerySession(Tenant))
        {
            foreach (var sku in new[] { manySkus[0], manySkus[^1] })
            {
                var view = (await session.LoadAsync<InventoryItemView>(sku))!;
                Assert.Equal((17, 3L), (view.TotalStock, view.Version));
            }
        }
        await using (var session = Store.QuerySession(other))
        {
            Assert.Equal(4, (await session.LoadAsync<InventoryItemView>("A-FIRST"))!.TotalStock);
            var last = (await session.LoadAsync<InventoryItemView>("Z-LAST"))!;
            Assert.Equal((10, 4L), (last.TotalStock, last.Version));   // the poisoned third event was skipped, the fourth applied
        }
    }

    [Fact]
    public async Task a_rebuilt_table_holds_what_the_live_projection_wrote_under_the_same_indexes_and_constraints()
    {
        var admin = await KeyAsync("admin");
        for (var i = 0; i < 5; i++)
        {
            await PatchJson(admin, $"/v1/inventory/SAME-{i}", new { quantity = 50 + i });
            await PatchJson(admin, $"/v1/inventory/SAME-{i}", new { adjust = -3 - i });
            await PatchJson(admin, $"/v1/inventory/SAME-{i}", new { reorder_point = 7 });
        }
        await Fixture.CatchUpAsync();
        var (rowsBefore, schemaBefore, summaryBefore) = (await LiveRowsAsync(), await TableSchemaAsync(), await SummaryRowAsync());
        Assert.Equal(5, rowsBefore.Count);
        Assert.Equal(["235 0 0 5 0"], summaryBefore);   // units, then SKUs critical, low, healthy, out of stock

        var job = await WaitForAsync(admin, await StartInventoryRebuildAsync(admin));
        Assert.True(job.GetProperty("state").GetString() == "completed", job.GetRawText());

        Assert.Equal(rowsBefore, await LiveRowsAsync());
        Assert.Equal(schemaBefore, await TableSchemaAsync());
        Assert.Equal(summaryBefore, await SummaryRowAsync());   // recounted from the swapped-in rows
        await PatchJson(admin, "/v1/inventory/SAME-0", new { adjust = 1 });   // the live projection writes to the new table
        await Fixture.CatchUpAsync();
        Assert.Equal(48, (await GetJson(admin, "/v1/inventory/SAME-0")).GetProperty("total_stock").GetInt32());
        Assert.Equal(["236 0 0 5 0"], await SummaryRowAsync());   // and its trigger counts again
    }

    private Task<List<string>> SummaryRowAsync() => QueryTextAsync(
        "select concat_ws(' ', total_units, critical, low, healthy, out_of_stock) from commerce.mt_inventory_summary where tenant_id = @tenant");

    [Fact]
    public async Task a_rebuild_whose_swap_waits_too_long_for_a_reader_fails_and_changes_nothing()
    {
        var admin = await KeyAsync("admin");
        await PatchJson(admin, "/v1/inventory/HELD-1", new { quantity = 5 });
        await Fixture.CatchUpAsync();
        var rowsBefore = await LiveRowsAsync();

        // A reader inside a long transaction on the read model: the swap may wait for it 3 s here (AppFixture).
        await using (var reader = Store.Storage.Database.CreateConnection())
        {
            await reader.OpenAsync();
            await using var transaction = await reader.BeginTransactionAsync();
            await using (var read = new Npgsql.NpgsqlCommand("select count(*) from commerce.mt_doc_inventoryitemview", reader, transaction))
                await read.ExecuteScalarAsync();

            var job = await WaitForAsync(admin, await StartInventoryRebuildAsync(admin));
            Assert.Equal("failed", job.GetProperty("state").GetString());
            Assert.Contains("lock timeout", job.GetProperty("error").GetString());
        }

        Assert.Equal(rowsBefore, await LiveRowsAsync());
        await PatchJson(admin, "/v1/inventory/HELD-1", new { adjust = 2 });   // the projection runs again
        await Fixture.CatchUpAsync();
        Assert.Equal(7, (await GetJson(admin, "/v1/inventory/HELD-1")).GetProperty("total_stock").GetInt32());
        Assert.Equal("completed", (await WaitForAsync(admin, await StartInventoryRebuildAsync(admin))).GetProperty("state").GetString());
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

    /// <summary>This test's rows of the inventory read model, every column but the time of the write, as text.</summary>
    private Task<List<string>> LiveRowsAsync() => QueryTextAsync(
        "select concat_ws(' | ', tenant_id, id, data, mt_dotnet_type, mt_version, band, total_stock, last_moved_out_at) " +
        "from commerce.mt_doc_inventoryitemview where tenant_id = @tenant order by id");

    /// <summary>The read model table's columns, indexes, constraints and triggers, by name and definition.</summary>
    private Task<List<string>> TableSchemaAsync() => QueryTextAsync(
        """
        select concat_ws(' ', 'column', column_name, data_type, is_nullable, column_default) from information_schema.columns
            where table_schema = 'commerce' and table_name = 'mt_doc_inventoryitemview'
        union all select concat_ws(' ', 'index', indexname, indexdef) from pg_indexes
            where schemaname = 'commerce' and tablename = 'mt_doc_inventoryitemview'
        union all select concat_ws(' ', 'constraint', conname, pg_get_constraintdef(oid)) from pg_constraint
            where conrelid = 'commerce.mt_doc_inventoryitemview'::regclass
        union all select concat_ws(' ', 'trigger', tgname, pg_get_triggerdef(oid)) from pg_trigger
            where tgrelid = 'commerce.mt_doc_inventoryitemview'::regclass and not tgisinternal
        order by 1
        """);

    private async Task<List<string>> QueryTextAsync(string sql)
    {
        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenant", Tenant);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }

    /// <summary>Long-polls a rebuild job until it ends.</summary>
    private async Task<System.Text.Json.JsonElement> WaitForAsync(string adminKey, string jobUrl)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        System.Text.Json.JsonElement job;
        do
        {
            job = await GetJson(adminKey, jobUrl + "?wait_ms=1000");   // answers at the end or after a second
            Assert.True(DateTimeOffset.UtcNow < deadline, "the rebuild did not finish within 60 s");
        } while (job.GetProperty("state").GetString() == "running");
        return job;
    }

    /// <summary>Starts a rebuild of the inventory read model; answers the job's URL.</summary>
    private async Task<string> StartInventoryRebuildAsync(string adminKey)
    {
        var started = await Host.Scenario(x =>
        {
            x.WithBearerToken(adminKey);
            x.Post.Url($"/v1/admin/projections/{InventoryRegistration.ItemProjectionName}/rebuild");
            x.StatusCodeShouldBe(202);
        });
        var location = started.Context.Response.Headers.Location.ToString();
        Assert.StartsWith("/v1/admin/rebuild-jobs/rbj_", location);
        return location;
    }
}
