using System.Text.Json;
using Commerce.Domain.Orders;

namespace Commerce.Api.Tests.Orders;

public class ReadOrdersTests(AppFixture fixture) : OrderTestContext(fixture)
{
    private static readonly DateTimeOffset Day = new(2026, 4, 17, 0, 0, 0, TimeSpan.Zero);

    private async Task GivenOrderAsync(string id, string channel, string? channelOrderId, string customer, DateTimeOffset placedAt, TimeSpan sla,
        params IOrderEvent[] then)
    {
        await using var session = Store.LightweightSession(Tenant);
        session.Events.StartStream(id, [new OrderPlaced(id, channel, channelOrderId, new Customer(customer, "Pune", $"{customer.Split(' ')[0].ToLowerInvariant()}@example.com", null),
            [new OrderLine("BLUE-TEE-M", 1, 899, 0)], "INR", 899, 0, 899, placedAt + sla, [], placedAt), .. then]);
        await session.SaveChangesAsync();
    }

    private async Task<string[]> IdsAsync(string key, string query) =>
        (await GetJson(key, "/v1/orders" + query)).GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetString()!).ToArray();

    [Fact]
    public async Task the_list_is_newest_first_and_filters_by_status_channel_dates_sla_and_text()
    {
        var key = await KeyAsync("read_orders");
        await GivenOrderAsync("ord_A", "amazon_in", "402-1", "Priya", Day.AddHours(7), TimeSpan.FromHours(24));
        await GivenOrderAsync("ord_B", "flipkart", "OD-22", "Rahul", Day.AddDays(1).AddHours(9), TimeSpan.FromHours(24),
            new OrderProcessingStarted("ord_B", Day.AddDays(1).AddHours(10)));
        await GivenOrderAsync("ord_C", "amazon_in", "402-3", "Anita", Day.AddDays(2), TimeSpan.FromHours(48),
            new OrderShipped("ord_C", "amazon_in", "1", "Delhivery", Day.AddDays(2).AddHours(5)));
        await Fixture.CatchUpAsync();

        Assert.Equal(["ord_C", "ord_B", "ord_A"], await IdsAsync(key, ""));
        Assert.Equal(["ord_B"], await IdsAsync(key, "?status=processing"));
        Assert.Equal(["ord_C", "ord_A"], await IdsAsync(key, "?channel=amazon_in"));
        Assert.Equal(["ord_C", "ord_B"], await IdsAsync(key, "?from=2026-04-18"));
        Assert.Equal(["ord_B", "ord_A"], await IdsAsync(key, "?to=2026-04-18"));   // a date as the end includes its day
        Assert.Equal(["ord_B"], await IdsAsync(key, "?from=2026-04-18T00:00:00Z&to=2026-04-18T23:00:00Z"));
        Assert.Equal(["ord_C", "ord_B", "ord_A"], await IdsAsync(key, "?to=9999-12-31"));   // the last day there is, whose end has no next day
        Assert.Empty(await IdsAsync(key, "?from=9999-12-31"));
        Assert.Equal(["ord_B", "ord_A"], await IdsAsync(key, "?sla=breached"));   // past their deadline, not shipped
        Assert.Equal(["ord_B"], await IdsAsync(key, "?q=rahul"));
        Assert.Equal(["ord_B"], await IdsAsync(key, "?q=OD-22"));
        Assert.Equal(["ord_C"], await IdsAsync(key, "?q=ord_c"));

        var page = await GetJson(key, "/v1/orders?limit=2&page=2");
        Assert.Equal(["ord_A"], page.GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        Assert.Equal((3, 2, 2), (page.GetProperty("meta").GetProperty("total").GetInt32(), page.GetProperty("meta").GetProperty("limit").GetInt32(),
            page.GetProperty("meta").GetProperty("total_pages").GetInt32()));
    }

    [Fact]
    public async Task a_cursor_walks_the_list_newest_first_within_its_filters_and_orders_placed_at_one_moment_by_id()
    {
        var key = await KeyAsync("read_orders");
        var tie = Day.AddHours(9).AddTicks(1234567);   // below PostgreSQL's microsecond, which the cursor must not lose
        await GivenOrderAsync("ord_E", "amazon_in", null, "Esha", Day.AddHours(10), TimeSpan.FromHours(24));
        await GivenOrderAsync("ord_D2", "amazon_in", null, "Dev", tie, TimeSpan.FromHours(24));
        await GivenOrderAsync("ord_D1", "amazon_in", null, "Dia", tie, TimeSpan.FromHours(24));
        await GivenOrderAsync("ord_F", "flipkart", null, "Farah", Day.AddHours(8), TimeSpan.FromHours(24));
        await GivenOrderAsync("ord_C", "amazon_in", null, "Chetan", Day.AddHours(7), TimeSpan.FromHours(24));
        await Fixture.CatchUpAsync();

        async Task<string[]> WalkAsync(string query)
        {
            var ids = new List<string>();
            var page = await GetJson(key, $"/v1/orders?limit=2{query}");
            while (true)
            {
                ids.AddRange(page.GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetString()!));
                if (page.GetProperty("meta").GetProperty("next_cursor").GetString() is not { } next) return [.. ids];
                page = await GetJson(key, $"/v1/orders?limit=2{query}&after={next}");
            }
        }

        Assert.Equal(["ord_E", "ord_D2", "ord_D1", "ord_F", "ord_C"], await WalkAsync(""));
        Assert.Equal(["ord_E", "ord_D2", "ord_D1", "ord_C"], await WalkAsync("&channel=amazon_in"));
        var last = await GetJson(key, "/v1/orders?limit=5");
        Assert.Equal(JsonValueKind.Null, last.GetProperty("meta").GetProperty("next_cursor").ValueKind);
        Assert.Equal(5, last.GetProperty("meta").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task the_seeds_list_example_answers_the_fields_it_shows()
    {
        var key = await KeyAsync("read_orders");
        await GivenOrderAsync("ord_8FZ2K", "amazon_in", "402-1234567-1234567", "Priya Sharma", new(2026, 4, 17, 7, 45, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 4, 18, 10, 0, 0, TimeSpan.Zero) - new DateTimeOffset(2026, 4, 17, 7, 45, 0, TimeSpan.Zero));
        await Fixture.CatchUpAsync();

        // curl https://api.ecomlinx.com/v1/orders -G -d "status=new" -d "channel=amazon_in"
        var list = await GetJson(key, "/v1/orders?status=new&channel=amazon_in");
        var order = list.GetProperty("data").EnumerateArray().Single();
        Assert.Equal("ord_8FZ2K", order.GetProperty("id").GetString());
        Assert.Equal("amazon_in", order.GetProperty("channel").GetString());
        Assert.Equal("402-1234567-1234567", order.GetProperty("channel_order_id").GetString());
        Assert.Equal("new", order.GetProperty("status").GetString());
        Assert.Equal("Priya Sharma", order.GetProperty("customer").GetProperty("name").GetString());
        Assert.Equal("Pune", order.GetProperty("customer").GetProperty("city").GetString());
        var item = order.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(("BLUE-TEE-M", 1, 899m), (item.GetProperty("sku").GetString(), item.GetProperty("qty").GetInt32(), item.GetProperty("price").GetDecimal()));
        Assert.Equal(899m, order.GetProperty("total").GetDecimal());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, order.GetProperty("awb").ValueKind);
        Assert.Equal(new DateTimeOffset(2026, 4, 18, 10, 0, 0, TimeSpan.Zero), order.GetProperty("sla_deadline").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 4, 17, 7, 45, 0, TimeSpan.Zero), order.GetProperty("created_at").GetDateTimeOffset());
        // Ecwid's fields of the same order.
        Assert.Equal("priya@example.com", order.GetProperty("email").GetString());
        Assert.Equal(0m, order.GetProperty("discount").GetDecimal());
        Assert.Equal((1, 1, 20), (list.GetProperty("meta").GetProperty("total").GetInt32(), list.GetProperty("meta").GetProperty("page").GetInt32(),
            list.GetProperty("meta").GetProperty("limit").GetInt32()));
    }

    [Theory]
    [InlineData("?status=lost", "status")]
    [InlineData("?channel=Amazon", "channel")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=2026-13-01", "to")]
    [InlineData("?sla=ok", "sla")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?after=bm90LWEtY3Vyc29y", "after")]
    [InlineData("?page=51&limit=20", "page")]   // an offset that deep: follow the cursor instead
    public async Task a_bad_filter_is_400_naming_it(string query, string field)
    {
        var key = await KeyAsync("read_orders");
        var problem = await GetJson(key, "/v1/orders" + query, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors names {field}");
    }

    [Fact]
    public async Task reading_needs_read_orders_and_a_secret_key_and_another_tenant_sees_nothing()
    {
        var key = await KeyAsync("read_orders");
        await GivenOrderAsync("ord_A", "amazon_in", null, "Priya", Day, TimeSpan.FromHours(24));
        await Fixture.CatchUpAsync();
        Assert.Contains("read_orders", (await GetJson(await KeyAsync("read_inventory"), "/v1/orders", 403)).GetProperty("detail").GetString());
        var storefront = await KeyAsync("read_catalog,public_storefront", isPublic: true);   // orders carry customers' contact details: a public key cannot hold read_orders
        await GetJson(storefront, "/v1/orders/ord_A", 403);
        await GetJson(storefront, "/v1/orders", 403);
        await GetJson(storefront, "/v1/returns", 403);
        await GetJson(storefront, "/v1/analytics/sales", 403);
        var stranger = await KeyAsync("read_orders", tenant: "t" + Guid.NewGuid().ToString("N")[..12]);
        Assert.Empty((await GetJson(stranger, "/v1/orders")).GetProperty("data").EnumerateArray());
        await GetJson(stranger, "/v1/orders/ord_A", 404);
        await GetJson(key, "/v1/orders/ord_NOPE", 404);
    }

    [Fact]
    public async Task an_order_reads_as_it_was_and_has_a_history()
    {
        var key = await KeyAsync("read_orders");
        await GivenOrderAsync("ord_A", "amazon_in", null, "Priya", Day, TimeSpan.FromHours(24), new OrderProcessingStarted("ord_A", Day.AddHours(1)));
        await Fixture.CatchUpAsync();
        Assert.Equal("new", (await GetJson(key, "/v1/orders/ord_A?version=1")).GetProperty("status").GetString());
        var history = await GetJson(key, "/v1/orders/ord_A/history");
        Assert.Equal(["order_placed", "order_processing_started"], history.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }
}
