using System.Text.Json;
using Alba;

namespace Commerce.Api.Tests.Orders;

public class ChangeOrderStatusTests(AppFixture fixture) : OrderTestContext(fixture)
{
    private async Task<IScenarioResult> PatchOrderAsync(string key, string id, object body, int status, string? ifMatch = null) => await Host.Scenario(x =>
    {
        x.WithBearerToken(key);
        x.Patch.Json(body).ToUrl($"/v1/orders/{id}");
        if (ifMatch is not null) x.WithRequestHeader("If-Match", ifMatch);
        x.StatusCodeShouldBe(status);
    });

    private async Task<(string Key, string Id)> PlacedAsync(int qty = 2, int stock = 10)
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", stock);
        return (key, (await PlaceAsync(key, Order("amazon_in", ("BLUE-TEE-M", qty)))).GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task an_order_goes_through_its_lifecycle_and_shipping_sells_the_reserved_units()
    {
        var (key, id) = await PlacedAsync(qty: 2);
        Assert.Equal("processing", (await (await PatchOrderAsync(key, id, new { status = "processing" }, 200)).BodyAsync()).GetProperty("status").GetString());
        await PatchOrderAsync(key, id, new { status = "ready" }, 200);
        var shipped = await PatchOrderAsync(key, id, new { status = "shipped", awb = "161234567890", courier = "Delhivery" }, 200);
        Assert.Equal("\"4\"", shipped.Context.Response.Headers.ETag.ToString());
        var body = await shipped.BodyAsync();
        Assert.Equal(("shipped", "161234567890", "Delhivery"),
            (body.GetProperty("status").GetString(), body.GetProperty("awb").GetString(), body.GetProperty("courier").GetString()));
        Assert.Equal((8, 0), await StockOfAsync("BLUE-TEE-M"));
        await PatchOrderAsync(key, id, new { status = "delivered" }, 200);

        await Fixture.CatchUpAsync();
        var order = await GetJson(key, $"/v1/orders/{id}");
        Assert.Equal("delivered", order.GetProperty("status").GetString());
        var timeline = order.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(["new", "processing", "ready", "shipped", "delivered"], timeline.Select(t => t.GetProperty("status").GetString()));
        Assert.All(timeline, t => Assert.StartsWith("key_", t.GetProperty("actor").GetString()));
        // The sale feeds the SKU's velocity: 2 units out today over 30 days.
        var sku = await GetJson(key, "/v1/inventory/BLUE-TEE-M");
        Assert.Equal((8, 0, 0.1), (sku.GetProperty("total_stock").GetInt32(), sku.GetProperty("reserved").GetInt32(), sku.GetProperty("velocity").GetDouble()));
    }

    [Fact]
    public async Task the_timeline_records_who_set_each_status_and_when()
    {
        var before = DateTimeOffset.UtcNow;
        var seller = await KeyAsync(OrderScopes);
        await StockAsync(seller, "BLUE-TEE-M", 10);
        var placed = await PlaceAsync(seller, Order("amazon_in", ("BLUE-TEE-M", 2)));
        var id = placed.GetProperty("id").GetString()!;
        var packer = await KeyAsync("read_orders,update_orders");
        var steps = new List<(string Status, string Key, DateTimeOffset At)> { ("new", seller, placed.GetProperty("created_at").GetDateTimeOffset()) };
        foreach (var status in new[] { "processing", "ready", "shipped", "delivered" })
        {
            var moved = await (await PatchOrderAsync(packer, id, new { status }, 200)).BodyAsync();
            steps.Add((status, packer, moved.GetProperty("updated_at").GetDateTimeOffset()));
        }
        var returned = await Host.Scenario(x =>
        {
            x.WithBearerToken(packer);
            x.Post.Json(new { lines = new[] { new { sku = "BLUE-TEE-M", qty = 1 } } }).ToUrl($"/v1/orders/{id}/returns");
            x.StatusCodeShouldBe(201);
        });
        steps.Add(("return", packer, (await returned.BodyAsync()).GetProperty("requested_at").GetDateTimeOffset()));
        var after = DateTimeOffset.UtcNow;

        await Fixture.CatchUpAsync();
        var timeline = (await GetJson(seller, $"/v1/orders/{id}")).GetProperty("timeline").EnumerateArray()
            .Select(t => (t.GetProperty("status").GetString(), t.GetProperty("actor").GetString(), t.GetProperty("at").GetDateTimeOffset())).ToList();
        Assert.Equal(steps.Select(s => ((string?)s.Status, (string?)KeyIdOf(s.Key), s.At)), timeline);
        Assert.All(timeline, t => Assert.InRange(t.Item3, before, after));
        Assert.Equal(timeline.Select(t => t.Item3).Order(), timeline.Select(t => t.Item3));
        Assert.NotEqual(KeyIdOf(seller), KeyIdOf(packer));
    }

    /// <summary>The id of the key a token holds (<c>cc_sk_&lt;key_id&gt;_&lt;secret&gt;</c>): what the timeline names as the actor.</summary>
    private static string KeyIdOf(string token) => token["cc_sk_".Length..token.LastIndexOf('_')];

    [Fact]
    public async Task cancelling_releases_the_reservation()
    {
        var (key, id) = await PlacedAsync(qty: 3, stock: 3);
        Assert.Equal((3, 3), await StockOfAsync("BLUE-TEE-M"));
        await PatchOrderAsync(key, id, new { status = "cancelled", reason = "customer_request" }, 200);
        Assert.Equal((3, 0), await StockOfAsync("BLUE-TEE-M"));
        await PlaceAsync(key, Order("flipkart", ("BLUE-TEE-M", 3)));   // the units are for sale again
    }

    /// <summary>The PATCHes (and for <c>return</c> the returns route) that take a new order to <paramref name="status"/>.</summary>
    private async Task ReachAsync(string key, string id, string status)
    {
        string[] steps = status switch
        {
            "new" => [], "processing" => ["processing"], "ready" => ["processing", "ready"], "shipped" => ["processing", "ready", "shipped"],
            "delivered" or "return" => ["processing", "ready", "shipped", "delivered"], "cancelled" => ["cancelled"],
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, null)
        };
        foreach (var step in steps) await PatchOrderAsync(key, id, new { status = step }, 200);
        if (status == "return")
            await Host.Scenario(x =>
            {
                x.WithBearerToken(key);
                x.Post.Json(new { lines = new[] { new { sku = "BLUE-TEE-M", qty = 1 } } }).ToUrl($"/v1/orders/{id}/returns");
                x.StatusCodeShouldBe(201);
            });
    }

    /// <summary>The seed's lifecycle, written out: where each status may go (a return is opened by the returns route).</summary>
    private static readonly Dictionary<string, string[]> Lifecycle = new()
    {
        ["new"] = ["processing", "ready", "shipped", "cancelled"], ["processing"] = ["ready", "shipped", "cancelled"],
        ["ready"] = ["shipped", "cancelled"], ["shipped"] = ["delivered"], ["delivered"] = ["return"], ["cancelled"] = [], ["return"] = []
    };

    private static readonly string[] Settable = ["processing", "ready", "shipped", "delivered", "cancelled"];

    public static TheoryData<string, string> AllowedSteps()
    {
        var data = new TheoryData<string, string>();
        foreach (var (from, next) in Lifecycle)
        foreach (var to in next.Where(Settable.Contains))
            data.Add(from, to);
        return data;
    }

    public static TheoryData<string, string> RefusedSteps()
    {
        var data = new TheoryData<string, string>();
        foreach (var (from, next) in Lifecycle)
        foreach (var to in Settable.Where(to => to != from && !next.Contains(to)))
            data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllowedSteps))]
    public async Task an_allowed_step_is_200_with_the_new_status_and_the_next_version(string from, string to)
    {
        var (key, id) = await PlacedAsync();
        await ReachAsync(key, id, from);
        var before = await GetVersionAsync(id);

        var moved = await PatchOrderAsync(key, id, new { status = to }, 200);
        Assert.Equal(to, (await moved.BodyAsync()).GetProperty("status").GetString());
        Assert.Equal($"\"{before + 1}\"", moved.Context.Response.Headers.ETag.ToString());
        Assert.Equal(to == "cancelled" ? (10, 0) : to is "shipped" or "delivered" ? (8, 0) : (10, 2), await StockOfAsync("BLUE-TEE-M"));
    }

    [Theory]
    [MemberData(nameof(RefusedSteps))]
    public async Task a_step_the_lifecycle_does_not_allow_is_409_listing_where_the_order_can_go(string from, string to)
    {
        var (key, id) = await PlacedAsync();
        await ReachAsync(key, id, from);
        var (stock, version) = (await StockOfAsync("BLUE-TEE-M"), await GetVersionAsync(id));

        var refused = await PatchOrderAsync(key, id, new { status = to }, 409);
        Assert.Equal("invalid_transition", await refused.CodeAsync());
        var next = Lifecycle[from];
        Assert.Contains(next.Length == 0 ? $"is {from}, a final status" : $"is {from}; it can become {string.Join(", ", next)}, not {to}",
            (await refused.BodyAsync()).GetProperty("detail").GetString());
        Assert.Equal((stock, version), (await StockOfAsync("BLUE-TEE-M"), await GetVersionAsync(id)));
    }

    [Theory]
    [InlineData("new", 409)]
    [InlineData("processing", 409)]
    [InlineData("ready", 409)]
    [InlineData("shipped", 409)]
    [InlineData("cancelled", 409)]
    [InlineData("delivered", 201)]
    public async Task a_return_opens_only_after_delivery(string from, int status)
    {
        var (key, id) = await PlacedAsync();
        await ReachAsync(key, id, from);
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Post.Json(new { lines = new[] { new { sku = "BLUE-TEE-M", qty = 1 } } }).ToUrl($"/v1/orders/{id}/returns");
            x.StatusCodeShouldBe(status);
        });
        if (status == 409) Assert.Equal("invalid_transition", await result.CodeAsync());
        else Assert.IsType<Commerce.Domain.Orders.ReturnRequested>(await LastEventOfAsync(id));
    }

    private async Task<long> GetVersionAsync(string id)
    {
        await using var query = Store.QuerySession(Tenant);
        return (await query.Events.FetchStreamStateAsync(id))!.Version;
    }

    private async Task<object> LastEventOfAsync(string id)
    {
        await using var query = Store.QuerySession(Tenant);
        return (await query.Events.FetchStreamAsync(id))[^1].Data;
    }

    [Fact]
    public async Task a_stale_if_match_is_412_and_changes_nothing()
    {
        var (key, id) = await PlacedAsync();
        var stale = await PatchOrderAsync(key, id, new { status = "shipped" }, 412, "\"7\"");
        Assert.Equal("precondition_failed", await stale.CodeAsync());
        Assert.Equal((10, 2), await StockOfAsync("BLUE-TEE-M"));
        await PatchOrderAsync(key, id, new { status = "shipped" }, 200, "\"1\"");
    }

    [Theory]
    [InlineData("""{}""", "status")]
    [InlineData("""{"status":"lost"}""", "status")]
    [InlineData("""{"status":"return"}""", "status")]
    [InlineData("""{"status":"new"}""", "status")]
    [InlineData("""{"status":"processing","awb":"1"}""", "awb")]
    [InlineData("""{"status":"shipped","reason":"x"}""", "reason")]
    public async Task a_bad_body_is_400_naming_the_field(string body, string field)
    {
        var (key, id) = await PlacedAsync();
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Patch.Text(body).ToUrl($"/v1/orders/{id}");
            x.WithRequestHeader("Content-Type", "application/json");
            x.StatusCodeShouldBe(400);
        });
        Assert.True((await result.BodyAsync()).GetProperty("errors").TryGetProperty(field, out _), $"errors names {field}");
    }

    [Fact]
    public async Task an_unknown_order_is_404_and_changing_one_needs_update_orders()
    {
        var (key, id) = await PlacedAsync();
        await PatchOrderAsync(key, "ord_NOSUCHORDER00000", new { status = "processing" }, 404);
        var reader = await KeyAsync("read_orders,create_orders");
        var forbidden = await PatchOrderAsync(reader, id, new { status = "processing" }, 403);
        Assert.Contains("update_orders", (await forbidden.BodyAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task the_order_webhooks_are_raised()
    {
        var key = await KeyAsync("manage_webhooks");
        var events = (await GetJson(key, "/v1/webhook-events")).GetProperty("data").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("raised").GetBoolean());
        Assert.All(new[] { "order.new", "order.shipped", "order.delivered", "order.cancelled" }, name => Assert.True(events[name], name));
    }

    [Fact]
    public async Task the_seeds_patch_example_ships_the_order_and_answers_its_fields()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 143);
        await SeedOrderAsync(Tenant, Store);

        // curl -X PATCH https://api.ecomlinx.com/v1/orders/ord_8FZ2K -H "Content-Type: application/json"
        //   -d '{"status":"shipped","awb":"161234567890","courier":"Delhivery"}'
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Patch.Text("""{"status":"shipped","awb":"161234567890","courier":"Delhivery"}""").ToUrl("/v1/orders/ord_8FZ2K");
            x.WithRequestHeader("Content-Type", "application/json");
            x.StatusCodeShouldBe(200);
        });
        var body = await result.BodyAsync();
        Assert.Equal("ord_8FZ2K", body.GetProperty("id").GetString());
        Assert.Equal("shipped", body.GetProperty("status").GetString());
        Assert.Equal("161234567890", body.GetProperty("awb").GetString());
        Assert.Equal("Delhivery", body.GetProperty("courier").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("updated_at").ValueKind);
        Assert.Equal((142, 0), await StockOfAsync("BLUE-TEE-M"));
    }

    /// <summary>The seed's order ord_8FZ2K (its id is the seed's, so its curl examples run unchanged), placed through its events.</summary>
    internal static async Task SeedOrderAsync(string tenant, Marten.IDocumentStore store)
    {
        var placedAt = new DateTimeOffset(2026, 4, 17, 7, 45, 0, TimeSpan.Zero);
        await using var session = store.LightweightSession(tenant);
        session.Events.Append("BLUE-TEE-M", new Commerce.Domain.Inventory.StockReserved("BLUE-TEE-M", "ord_8FZ2K", "amazon_in", 1, 0, 0, 1, placedAt));
        session.Events.StartStream("ord_8FZ2K", new Commerce.Domain.Orders.OrderPlaced("ord_8FZ2K", "amazon_in", "402-1234567-1234567",
            new("Priya Sharma", "Mumbai", "priya@example.com", null), [new("BLUE-TEE-M", 1, 899, 0)], "INR", 899, 0, 899,
            new DateTimeOffset(2026, 4, 18, 10, 0, 0, TimeSpan.Zero), [], placedAt));
        await session.SaveChangesAsync();
    }
}
