using System.Collections.Concurrent;
using System.Text;
using Commerce.Api.Http;
using Commerce.Domain.Catalog;
using Commerce.Domain.Channels;
using Commerce.Domain.Customers;
using Commerce.Domain.Dealership;
using Commerce.Domain.Orders;
using Commerce.Domain.Inventory;
using Commerce.Domain.Webhooks;
using Commerce.Projections.Catalog;
using Commerce.Projections.Channels;
using Commerce.Projections.Customers;
using Commerce.Projections.Dealership;
using Commerce.Projections.Inventory;
using Commerce.Projections.Orders;
using Commerce.Projections.Webhooks;
using Marten;
using Marten.Services;
using Npgsql;
using Xunit.Abstractions;

namespace Commerce.Api.Tests.Conventions;

/// <summary>
/// Every query the list routes send, planned by PostgreSQL at a realistic volume (10,000 SKUs and 20,000 deliveries in
/// the tenant, other tenants beside it): each reads its table through an index, both as planned for the values sent and
/// as a prepared statement's generic plan (Npgsql prepares repeated statements). The plans are printed.
/// </summary>
public class ListQueryPlanTests(AppFixture fixture, ITestOutputHelper output) : ApiContext(fixture)
{
    private const int Skus = 10_000;
    private static readonly string[] ListTables =
    [
        "mt_doc_inventoryitemview", "mt_doc_webhookview", "mt_doc_webhookdelivery", "mt_doc_productview", "mt_doc_orderview", "mt_doc_customerview",
        "mt_doc_vehicleview", "mt_doc_dealview", "mt_doc_listingview"
    ];

    [Fact]
    public async Task every_list_query_reads_through_an_index_at_a_realistic_volume()
    {
        var others = Enumerable.Range(0, 20).Select(_ => "t" + Guid.NewGuid().ToString("N")[..12]).ToArray();
        try
        {
            var webhookId = await GivenARealisticTenantAsync(others);
            var inventory = await KeyAsync("read_inventory");
            var webhooks = await KeyAsync("manage_webhooks");
            var catalog = await KeyAsync("read_catalog");
            var orders = await KeyAsync("read_orders");
            var customers = await KeyAsync("read_customers");
            var deals = await KeyAsync("read_deals");
            var channels = await KeyAsync("read_channels");
            var listings = await GetJson(channels, "/v1/listings?channel=amazon_in&limit=100");
            var placed = Cursor(await GetJson(orders, "/v1/orders?limit=100&page=5"));
            var middle = KeysetPaging.Encode($"PLAN-{Skus / 2:D5}");
            var deliveries = await GetJson(webhooks, $"/v1/webhooks/{webhookId}/deliveries?limit=100");

            var statements = await CaptureAsync(async () =>
            {
                foreach (var query in new[]
                         {
                             "", $"?page={KeysetPaging.MaxOffsetDepth / 20}", $"?after={middle}", "?status=critical", "?status=low&limit=100",
                             $"?status=healthy&after={middle}", "?status=dead_stock", "?channel=amazon_in", "?channel=rare_channel",
                             "?channel=amazon_in&status=low"
                         })
                    await GetJson(inventory, "/v1/inventory" + query);
                await GetJson(webhooks, "/v1/webhooks?page=2&limit=10");
                foreach (var query in new[]
                         {
                             "", $"?after={KeysetPaging.Encode($"PLAN-{Skus / 2:D5}\nprod_PLAN{Skus / 2:D5}")}", "?status=live", "?status=draft&limit=100",
                             "?brand=Rare", "?q=tee+4242", "?q=PLAN-0042", "?status=live&brand=Rare&q=tee"
                         })
                    await GetJson(catalog, "/v1/products" + query);
                foreach (var query in new[] { "", "?status=failed", $"?after={Cursor(deliveries)}" })
                    await GetJson(webhooks, $"/v1/webhooks/{webhookId}/deliveries" + query);
                var day = DateTimeOffset.UtcNow.AddDays(-3).ToString("yyyy-MM-dd");
                foreach (var query in new[]
                         {
                             "", "?page=40", "?status=new", "?status=delivered&limit=100", "?channel=flipkart", "?channel=rare_channel",
                             "?status=shipped&channel=amazon_in", $"?from={day}&to={day}", $"?channel=amazon_in&from={day}", "?sla=breached",
                             "?q=ord_plan04242", "?status=new&q=buyer+42", $"?after={placed}", $"?channel=flipkart&after={placed}"
                         })
                    await GetJson(orders, "/v1/orders" + query);
                foreach (var query in new[] { "", "?status=requested", "?channel=flipkart", $"?from={day}", "?order_id=ord_PLAN00050" })
                    await GetJson(orders, "/v1/returns" + query);
                foreach (var query in new[] { "", "?page=40", "?type=company", "?q=customer+42", "?type=person&q=example" })
                {
                    await GetJson(customers, "/v1/contacts" + query);
                    await GetJson(customers, "/v1/customers" + query);
                }
                foreach (var query in new[] { "", "?type=PJ", "?search=customer+42" })
                    await GetJson(customers, "/v1/clients" + query);
                foreach (var query in new[]
                         {
                             "", "?page=40", "?status=vendido", "?phase=preparacao", "?store_id=store_plan_7", "?brand=Rare", "?price_max=100100",
                             "?year_min=2025", "?status=ativo&store_id=store_plan_3&price_max=150000"
                         })
                    await GetJson(deals, "/v1/vehicles" + query);
                foreach (var query in new[] { "", "?status=ganho", "?phase=proposta", "?status=ativo&phase=lead" })
                    await GetJson(deals, "/v1/deals" + query);
                foreach (var query in new[]
                         {
                             "?channel=amazon_in", "?channel=amazon_in&status=suppressed", "?status=inactive", "?sku=PLAN-00042",
                             $"?channel=amazon_in&after={Cursor(listings)}", "?channel=rare_channel"
                         })
                    await GetJson(channels, "/v1/listings" + query);
            });

            var planned = statements.Where(s => ListTables.Any(s.Sql.Contains)).ToList();
            Assert.True(planned.Count >= 20, $"only {planned.Count} list statements were captured");
            var scans = new List<string>();
            foreach (var statement in planned)
            {
                var (custom, generic) = await ExplainAsync(statement);
                output.WriteLine($"{statement.Sql}\n-- with the values sent:\n{custom}\n-- generic plan:\n{generic}\n");
                scans.AddRange(new[] { custom, generic }.Where(plan => ListTables.Any(table => plan.Contains($"Seq Scan on {table}")))
                    .Select(plan => $"{statement.Sql}\n{plan}"));
            }
            Assert.True(scans.Count == 0, string.Join("\n", scans));
        }
        finally
        {
            await DeleteTenantsAsync([Tenant, .. others]);
        }
    }

    private static string Cursor(System.Text.Json.JsonElement page) => page.GetProperty("meta").GetProperty("next_cursor").GetString()!;

    /// <summary>
    /// 10,000 SKUs in bands and channels as a store has them (a few dead, one channel on most SKUs, one on ten), 50
    /// webhooks, 20,000 deliveries of one of them and 5,000 of another; 20 other tenants with 500 SKUs, 250 webhooks and
    /// 6,250 deliveries each. Written as documents (no events): the plans depend on the rows alone. Vacuumed, as
    /// autovacuum keeps a live table, so index-only scans are open to the planner.
    /// </summary>
    private async Task<string> GivenARealisticTenantAsync(string[] others)
    {
        const string webhookId = "wh_planned";
        await GivenStream(webhookId, new WebhookRegistered(webhookId, "https://hooks.example.com/a", ["inventory.low"], "whsec_••••abcd", Earlier));
        var now = DateTimeOffset.UtcNow;
        foreach (var (tenant, skus, hooks, sent) in new[] { (Tenant, Skus, 50, 20_000) }.Concat(others.Select(o => (o, 500, 250, 5_000))))
        {
            // In chunks: the summary trigger updates the tenant's row once per document, and one transaction's updates of one
            // row get slower the more there are.
            foreach (var chunk in Enumerable.Range(0, skus).Select(i => Sku(i, now)).Chunk(500)) await Store.BulkInsertAsync(tenant, chunk);
            await Store.BulkInsertAsync(tenant, Enumerable.Range(0, hooks).Select(i => Hook($"wh_plan{i:D4}", now.AddMinutes(-i))).ToList());
            var deliveries = Enumerable.Range(0, sent).Select(i => Delivery(tenant == Tenant ? webhookId : "wh_plan0000", i, now))
                .Concat(Enumerable.Range(0, sent / 4).Select(i => Delivery("wh_plan0001", i, now)));
            await Store.BulkInsertAsync(tenant, deliveries.ToList());
            foreach (var chunk in Enumerable.Range(0, skus).Select(i => Product(i, now)).Chunk(1000)) await Store.BulkInsertAsync(tenant, chunk);
            foreach (var chunk in Enumerable.Range(0, skus).Select(i => Order(i, now)).Chunk(1000)) await Store.BulkInsertAsync(tenant, chunk);
            foreach (var chunk in Enumerable.Range(0, skus).Select(i => Contact(i, now)).Chunk(1000)) await Store.BulkInsertAsync(tenant, chunk);
            foreach (var chunk in Enumerable.Range(0, skus).Select(i => Car(i, now)).Chunk(1000)) await Store.BulkInsertAsync(tenant, chunk);
            foreach (var chunk in Enumerable.Range(0, skus / 5).Select(i => DealOf(i, now)).Chunk(1000)) await Store.BulkInsertAsync(tenant, chunk);
            foreach (var chunk in Enumerable.Range(0, skus).SelectMany(i => Listings(i, now)).Chunk(1000)) await Store.BulkInsertAsync(tenant, chunk);
        }
        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        foreach (var table in ListTables)
            await new NpgsqlCommand($"vacuum analyze commerce.{table}", connection) { CommandTimeout = 0 }.ExecuteNonQueryAsync();
        return webhookId;
    }

    private static InventoryItemView Sku(int i, DateTimeOffset now)
    {
        var stock = i % 10 == 0 ? i % 7 : 20 + i % 500;   // a tenth critical (some of them out), the rest low or healthy
        Dictionary<string, int> allocations = [];
        if (i % 5 != 0) allocations["amazon_in"] = Math.Min(stock, 3);
        if (i % 3 == 0) allocations["flipkart"] = 0;
        if (i % 1000 == 7) allocations["rare_channel"] = 1;
        return new InventoryItemView
        {
            Sku = $"PLAN-{i:D5}", TotalStock = stock, ReorderPoint = 10, Band = StockStatus.BandOf(stock, 10), Allocations = allocations,
            LastMovedOutAt = i % 100 == 1 ? now.AddDays(-200) : now.AddHours(-i % 1000), Version = 3, CreatedAt = now, UpdatedAt = now
        };
    }

    /// <summary>Products in statuses and brands as a catalog has them: most live, a brand on one in a thousand.</summary>
    private static ProductView Product(int i, DateTimeOffset now)
    {
        var details = new ProductDetails($"{(i % 3 == 0 ? "Red" : "Blue")} Tee {i}", 100 + i % 900, i % 10 == 0 ? ProductStatus.Draft : ProductStatus.Live,
            null, i % 1000 == 7 ? "Rare" : "Acme", null, [], null, new Dictionary<string, string>());
        return new ProductView($"prod_PLAN{i:D5}", new Product($"prod_PLAN{i:D5}", $"PLAN-{i:D5}", details, false, now), 1, now, now);
    }

    /// <summary>
    /// Orders of the last weeks as a shop has them: one every few minutes, most on one channel and delivered, a few
    /// waiting past their deadline, one in fifty with a return.
    /// </summary>
    private static OrderView Order(int i, DateTimeOffset now)
    {
        var placed = now.AddMinutes(-3 * i);
        var status = i < 300 ? OrderStatus.All[i % 3] : i % 20 == 0 ? OrderStatus.Cancelled : i % 50 == 0 ? OrderStatus.Return : OrderStatus.Delivered;
        var channel = i % 1000 == 7 ? "rare_channel" : i % 4 == 0 ? "flipkart" : "amazon_in";
        var id = $"ord_PLAN{i:D5}";
        var customer = new Domain.Orders.Customer($"Buyer {i}", "Pune", $"buyer{i}@example.com", null);
        return new OrderView
        {
            Id = id, Channel = channel, Status = status, Customer = customer, Items = [new OrderLine($"PLAN-{i % Skus:D5}", 1, 100, 1)], Total = 100,
            SlaDeadline = placed.AddDays(1), AwaitingShipment = i < 300, CreatedAt = placed, UpdatedAt = placed, Version = 2,
            SearchText = $"{id} buyer {i} buyer{i}@example.com".ToLowerInvariant(),
            Returns = i % 50 == 0
                ? [new ReturnView($"ret_PLAN{i:D5}", id, channel, i % 100 == 0 ? ReturnView.Requested : ReturnView.Received, [new ReturnLine($"PLAN-{i % Skus:D5}", 1)],
                    "size", null, null, placed.AddDays(2), null)]
                : []
        };
    }

    /// <summary>Customers: a company in five, one in ten archived.</summary>
    private static CustomerView Contact(int i, DateTimeOffset now)
    {
        var details = new CustomerDetails(i % 5 == 0 ? CustomerKind.Company : CustomerKind.Person, $"Customer {i}", $"customer{i}@example.com", null, null, null);
        var at = now.AddMinutes(-i);
        return new CustomerView($"cus_PLAN{i:D5}", new Domain.Customers.Customer($"cus_PLAN{i:D5}", "contact", details, [], i % 10 == 0, at, at), 1);
    }

    /// <summary>Vehicles over ten stores, most sold, a brand on one in a thousand.</summary>
    private static VehicleView Car(int i, DateTimeOffset now)
    {
        var details = new VehicleDetails($"Car {i}", i % 1000 == 7 ? "Rare" : "Honda", "Civic", null, 2015 + i % 11, 2015 + i % 11, 100_000 + i * 10, null, null, null,
            null, null, null);
        var sold = i % 10 < 8;
        var at = now.AddMinutes(-i);
        return new VehicleView($"veh_PLAN{i:D5}", new Vehicle($"veh_PLAN{i:D5}", details, $"store_plan_{i % 10}", null,
            sold ? VehiclePhases.Sold : VehiclePhases.All[i % 3], sold ? VehicleStatuses.Sold : VehicleStatuses.Active, null, at, at), 1);
    }

    private static DealView DealOf(int i, DateTimeOffset now)
    {
        var details = new DealDetails($"Deal {i}", 1000, DealPhases.All[i % DealPhases.All.Count], 50, $"cus_PLAN{i:D5}", null, null, null, []);
        var at = now.AddMinutes(-i);
        return new DealView($"deal_PLAN{i:D5}", new Deal($"deal_PLAN{i:D5}", details, DealStatuses.All[i % 3], null, null, at, at, null), 1);
    }

    /// <summary>Every SKU listed on one channel, a third also on another, mostly live; ten on a rare channel.</summary>
    private static IEnumerable<ListingView> Listings(int i, DateTimeOffset now)
    {
        var sku = $"PLAN-{i:D5}";
        var channels = new[] { "amazon_in" }.Concat(i % 3 == 0 ? ["flipkart"] : []).Concat(i % 1000 == 7 ? ["rare_channel"] : []);
        return channels.Select(channel => new ListingView
        {
            Id = Listing.StreamIdOf(channel, sku), ChannelId = channel, Sku = sku, UpdatedAt = now, Version = 1,
            Status = i % 20 == 0 ? ListingStatus.Suppressed : i % 50 == 1 ? ListingStatus.Inactive : ListingStatus.Live
        });
    }

    private static WebhookView Hook(string id, DateTimeOffset createdAt) =>
        new(id, new Webhook(id, "https://hooks.example.com", ["inventory.low"], true, null, "whsec_••••abcd", createdAt, createdAt), 1);

    private static WebhookDelivery Delivery(string webhookId, int i, DateTimeOffset now)
    {
        var at = now.AddSeconds(-i);
        var id = $"dlv_{webhookId}_{i:D8}";
        return new WebhookDelivery
        {
            Id = id, WebhookId = webhookId, Event = "inventory.low", EventSequence = i, CreatedAt = at, Payload = "{}",
            Status = i % 50 == 0 ? DeliveryStatus.Failed : DeliveryStatus.Succeeded, SortKey = $"{at.UtcTicks:D19}.{i:D19}.{id}"
        };
    }

    private sealed record Statement(string Sql, NpgsqlParameter[] Parameters);

    /// <summary>The statements the store's sessions run meanwhile (a batch counts each of its statements) for this test's tenant.</summary>
    private async Task<IReadOnlyList<Statement>> CaptureAsync(Func<Task> requests)
    {
        var options = (StoreOptions)Store.Options;
        var previous = options.Logger();
        var capture = new CapturingLogger(Tenant);
        options.Logger(capture);
        try
        {
            await requests();
        }
        finally
        {
            options.Logger(previous);
        }
        return capture.Statements.ToList();
    }

    private async Task<(string Custom, string Generic)> ExplainAsync(Statement statement)
    {
        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        var custom = await PlanAsync(connection, $"explain (analyze, costs off, timing off, summary off) {statement.Sql}", statement.Parameters);
        // The statement's parameters keep the types Marten gave them.
        var types = string.Join(", ", statement.Parameters.Select(p => p.DataTypeName ?? throw new InvalidOperationException($"{p.Value} has no type")));
        await new NpgsqlCommand($"prepare list_plan ({types}) as {statement.Sql}", connection).ExecuteNonQueryAsync();
        await new NpgsqlCommand("set plan_cache_mode = force_generic_plan", connection).ExecuteNonQueryAsync();
        // EXPLAIN EXECUTE takes no parameters of its own: the values go in as literals.
        var arguments = string.Join(", ", statement.Parameters.Select(p => $"{Literal(p.Value)}::{p.DataTypeName}"));
        var generic = await PlanAsync(connection, $"explain (costs off) execute list_plan({arguments})", []);
        await new NpgsqlCommand("deallocate list_plan; reset plan_cache_mode", connection).ExecuteNonQueryAsync();
        return (custom, generic);
    }

    private static string Literal(object? value) => value switch
    {
        string text => $"'{text.Replace("'", "''")}'",
        DateTimeOffset at => $"'{at:O}'",
        DateTime at => $"'{at:O}'",
        IEnumerable<string> texts => $"array[{string.Join(", ", texts.Select(Literal))}]",
        int or long or decimal => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
        bool flag => flag ? "true" : "false",
        object[] items => $"array[{string.Join(", ", items.Select(Literal))}]",
        _ => throw new NotSupportedException($"No literal for {value?.GetType()}")
    };

    private static async Task<string> PlanAsync(NpgsqlConnection connection, string sql, NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var parameter in parameters) command.Parameters.Add(parameter.Clone());
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new StringBuilder();
        while (await reader.ReadAsync()) plan.AppendLine(reader.GetString(0));
        return plan.ToString();
    }

    private async Task DeleteTenantsAsync(string[] tenants)
    {
        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        foreach (var table in ListTables)
        {
            int deleted;
            do
            {
                // In chunks, as they were written.
                await using var delete = new NpgsqlCommand(
                    $"delete from commerce.{table} where (tenant_id, id) in (select tenant_id, id from commerce.{table} where tenant_id = any(@tenants) limit 500)",
                    connection);
                delete.Parameters.AddWithValue("tenants", tenants);
                deleted = await delete.ExecuteNonQueryAsync();
            } while (deleted > 0);
        }
    }

    private sealed class CapturingLogger(string tenant) : IMartenLogger, IMartenSessionLogger
    {
        public ConcurrentQueue<Statement> Statements { get; } = new();

        public IMartenSessionLogger StartSession(IQuerySession session) => this;

        public void SchemaChange(string sql) { }

        public void LogSuccess(NpgsqlCommand command) => Record(command.CommandText, command.Parameters);

        public void LogSuccess(NpgsqlBatch batch)
        {
            foreach (var command in batch.BatchCommands) Record(command.CommandText, (NpgsqlParameterCollection)command.Parameters);
        }

        private void Record(string sql, NpgsqlParameterCollection parameters)
        {
            if (parameters.Any(p => Equals(p.Value, tenant))) Statements.Enqueue(new Statement(sql, parameters.Select(p => p.Clone()).ToArray()));
        }

        public void LogFailure(NpgsqlCommand command, Exception ex) { }
        public void LogFailure(NpgsqlBatch batch, Exception ex) { }
        public void LogFailure(Exception ex, string message) { }
        public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }
        public void OnBeforeExecute(NpgsqlCommand command) { }
        public void OnBeforeExecute(NpgsqlBatch batch) { }
    }
}
