using Alba;
using Marten;

namespace Commerce.Api.Tests.Orders;

public class PlaceOrderTests(AppFixture fixture) : OrderTestContext(fixture)
{
    [Fact]
    public async Task placing_reserves_every_line_and_answers_201_with_the_order()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 10);
        await StockAsync(key, "RED-CAP", 4);

        var result = await PostOrderAsync(key, Order("amazon_in", ("BLUE-TEE-M", 2), ("RED-CAP", 1)), 201);
        var order = await result.BodyAsync();
        var id = order.GetProperty("id").GetString()!;
        Assert.Matches("^ord_[0-9A-Z]{16}$", id);
        Assert.Equal($"/v1/orders/{id}", result.Context.Response.Headers.Location.ToString());
        Assert.Equal("\"1\"", result.Context.Response.Headers.ETag.ToString());
        Assert.Equal("new", order.GetProperty("status").GetString());
        Assert.Equal(2697m, order.GetProperty("total").GetDecimal());
        Assert.Equal("priya@example.com", order.GetProperty("email").GetString());
        Assert.Equal(JsonValueKindNull, order.GetProperty("awb").ValueKind);
        Assert.Equal(order.GetProperty("created_at").GetDateTimeOffset().AddHours(24), order.GetProperty("sla_deadline").GetDateTimeOffset());

        Assert.Equal((10, 2), await StockOfAsync("BLUE-TEE-M"));
        Assert.Equal((4, 1), await StockOfAsync("RED-CAP"));
        await Fixture.CatchUpAsync();
        var sku = await GetJson(key, "/v1/inventory/BLUE-TEE-M");
        Assert.Equal((10, 2, 8), (sku.GetProperty("total_stock").GetInt32(), sku.GetProperty("reserved").GetInt32(), sku.GetProperty("available").GetInt32()));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task a_short_line_is_409_insufficient_stock_naming_the_sku_and_no_line_stays_reserved()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 10);
        await StockAsync(key, "RED-CAP", 1);

        var refused = await PostOrderAsync(key, Order("amazon_in", ("BLUE-TEE-M", 2), ("RED-CAP", 2)), 409);
        Assert.Equal("insufficient_stock", await refused.CodeAsync());
        Assert.Contains("RED-CAP", (await refused.BodyAsync()).GetProperty("detail").GetString());

        Assert.Equal((10, 0), await StockOfAsync("BLUE-TEE-M"));
        Assert.Equal((1, 0), await StockOfAsync("RED-CAP"));
        await Fixture.CatchUpAsync();
        Assert.Equal(0, (await GetJson(key, "/v1/orders")).GetProperty("meta").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task an_unknown_sku_is_400_naming_it()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 10);
        var refused = await PostOrderAsync(key, Order("amazon_in", ("BLUE-TEE-M", 1), ("NO-SUCH-SKU", 1)), 400);
        Assert.Equal("unknown_sku", await refused.CodeAsync());
        Assert.Contains("NO-SUCH-SKU", (await refused.BodyAsync()).GetProperty("detail").GetString());
        Assert.Equal((10, 0), await StockOfAsync("BLUE-TEE-M"));
    }

    [Fact]
    public async Task units_come_out_of_the_orders_channel_allocation_first()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 10, new Dictionary<string, int> { ["amazon_in"] = 2, ["flipkart"] = 6 });
        await PlaceAsync(key, Order("amazon_in", ("BLUE-TEE-M", 3)));   // 2 from amazon_in, 1 of the 2 unallocated
        await PostOrderAsync(key, Order("shopify", ("BLUE-TEE-M", 2)), 409);   // 1 unallocated left; flipkart's are flipkart's

        await Fixture.CatchUpAsync();
        var sku = await GetJson(key, "/v1/inventory/BLUE-TEE-M");
        Assert.False(sku.GetProperty("allocations").TryGetProperty("amazon_in", out _));
        Assert.Equal(6, sku.GetProperty("allocations").GetProperty("flipkart").GetInt32());
        Assert.Equal(1, sku.GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task an_import_is_never_refused_it_is_flagged_oversold_and_raises_inventory_out()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 1);
        var order = await PlaceAsync(key, Import("amazon_in", "402-1234567-1234567", ("BLUE-TEE-M", 3)));
        Assert.True(order.GetProperty("oversold").GetBoolean());
        Assert.Equal(["BLUE-TEE-M"], order.GetProperty("oversold_skus").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal((1, 3), await StockOfAsync("BLUE-TEE-M"));

        await Fixture.CatchUpAsync();
        var history = await GetJson(key, "/v1/inventory/BLUE-TEE-M/history");
        Assert.Contains("stock_ran_out", history.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task importing_the_same_channel_order_twice_returns_the_first_and_reserves_once()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 10);
        var body = Import("amazon_in", "402-1234567-1234567", ("BLUE-TEE-M", 2));
        var first = await PlaceAsync(key, body);

        var again = await PostOrderAsync(key, body, 200);
        Assert.Equal("true", again.Context.Response.Headers["Idempotent-Replayed"].ToString());
        Assert.Equal(first.GetProperty("id").GetString(), (await again.BodyAsync()).GetProperty("id").GetString());
        // Even in parallel, and whatever the rest of the body says: one order, one reservation.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostOrderAsync(key, body, 200)));
        Assert.Equal((10, 2), await StockOfAsync("BLUE-TEE-M"));
        // The same channel order id on another channel is another order.
        await PlaceAsync(key, Import("flipkart", "402-1234567-1234567", ("BLUE-TEE-M", 1)));
        Assert.Equal((10, 3), await StockOfAsync("BLUE-TEE-M"));
    }

    [Theory]
    [InlineData("""{"customer":{"name":"A"},"items":[{"sku":"BLUE-TEE-M","qty":1,"price":1}]}""", "channel")]
    [InlineData("""{"channel":"Amazon In","customer":{"name":"A"},"items":[{"sku":"BLUE-TEE-M","qty":1,"price":1}]}""", "channel")]
    [InlineData("""{"channel":"amazon_in","items":[{"sku":"BLUE-TEE-M","qty":1,"price":1}]}""", "customer")]
    [InlineData("""{"channel":"amazon_in","customer":{"name":"A"},"items":[]}""", "items")]
    [InlineData("""{"channel":"amazon_in","customer":{"name":"A"},"items":[{"sku":"BLUE-TEE-M","qty":0,"price":1}]}""", "items[0].qty")]
    [InlineData("""{"channel":"amazon_in","customer":{"name":"A"},"items":[{"sku":"BLUE-TEE-M","qty":1,"price":-1}]}""", "items[0].price")]
    [InlineData("""{"channel":"amazon_in","customer":{"name":"A"},"items":[{"sku":"BLUE-TEE-M","qty":1,"price":1}],"currency":"inr"}""", "currency")]
    [InlineData("""{"channel":"amazon_in","customer":{"name":"A","email":"nope"},"items":[{"sku":"BLUE-TEE-M","qty":1,"price":1}]}""", "customer.email")]
    public async Task a_bad_field_is_400_naming_it_and_writes_nothing(string body, string field)
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 10);
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Post.Text(body).ToUrl("/v1/orders");
            x.WithRequestHeader("Content-Type", "application/json");
            x.StatusCodeShouldBe(400);
        });
        Assert.Equal("validation_failed", await result.CodeAsync());
        var errors = (await result.BodyAsync()).GetProperty("errors");
        Assert.True(errors.EnumerateObject().Any(e => e.Name.Equals(field, StringComparison.OrdinalIgnoreCase)),
            $"errors names {field}: {errors}");
        Assert.Equal((10, 0), await StockOfAsync("BLUE-TEE-M"));
    }

    [Fact]
    public async Task a_total_that_does_not_add_up_is_400()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 10);
        var result = await PostOrderAsync(key, new
        {
            channel = "amazon_in", customer = new { name = "A" }, items = new[] { new { sku = "BLUE-TEE-M", qty = 2, price = 899 } },
            discount = 98, total = 1800
        }, 400);
        Assert.Equal("total_mismatch", await result.CodeAsync());
        Assert.Contains("1700", (await result.BodyAsync()).GetProperty("detail").GetString());
        var tooMuchOff = await PostOrderAsync(key, new
        {
            channel = "amazon_in", customer = new { name = "A" }, items = new[] { new { sku = "BLUE-TEE-M", qty = 1, price = 899 } }, discount = 900
        }, 400);
        Assert.Equal("total_mismatch", await tooMuchOff.CodeAsync());
        Assert.Equal((10, 0), await StockOfAsync("BLUE-TEE-M"));   // nothing reserved
    }

    [Fact]
    public async Task customer_id_is_optional_kept_as_sent_and_searchable()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 10);
        object WithCustomerId(string customerId) => new
        {
            channel = "amazon_in", customer = new { name = "Priya Sharma", city = "Mumbai", email = "priya@example.com", customer_id = customerId },
            items = new[] { new { sku = "BLUE-TEE-M", qty = 1, price = 899 } }
        };
        // An id of the channel's (or of this API's customers): recorded as sent, not looked up, so one the CRM does not know is accepted too.
        var with = await PlaceAsync(key, WithCustomerId("AMZ-CUST-42"));
        Assert.Equal("AMZ-CUST-42", with.GetProperty("customer").GetProperty("customer_id").GetString());
        var without = await PlaceAsync(key, Order("amazon_in", ("BLUE-TEE-M", 1)));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, without.GetProperty("customer").GetProperty("customer_id").ValueKind);

        await Fixture.CatchUpAsync();
        var id = with.GetProperty("id").GetString();
        Assert.Equal("AMZ-CUST-42", (await GetJson(key, $"/v1/orders/{id}")).GetProperty("customer").GetProperty("customer_id").GetString());
        Assert.Equal([id], (await GetJson(key, "/v1/orders?q=amz-cust-42")).GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        var tooLong = await PostOrderAsync(key, WithCustomerId(new string('x', 101)), 400);
        Assert.True((await tooLong.BodyAsync()).GetProperty("errors").TryGetProperty("customer.customer_id", out _));
    }

    [Fact]
    public async Task the_sla_deadline_is_the_channels_own_sla_or_the_default_after_placing()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 10);
        foreach (var (order, sla) in new[]
        {
            (Order("myntra", ("BLUE-TEE-M", 1)), TimeSpan.FromDays(2)),                              // Commerce:Orders:Sla:myntra (AppFixture)
            (Import("myntra", "MYN-1", ("BLUE-TEE-M", 1)), TimeSpan.FromDays(2)),                    // an import alike
            (Order("amazon_in", ("BLUE-TEE-M", 1)), TimeSpan.FromHours(24))                          // no setting of its own: the default
        })
        {
            var placed = await PlaceAsync(key, order);
            Assert.Equal(placed.GetProperty("created_at").GetDateTimeOffset() + sla, placed.GetProperty("sla_deadline").GetDateTimeOffset());
            await Fixture.CatchUpAsync();
            var read = await GetJson(key, $"/v1/orders/{placed.GetProperty("id").GetString()}");
            Assert.Equal(placed.GetProperty("sla_deadline").GetDateTimeOffset(), read.GetProperty("sla_deadline").GetDateTimeOffset());
        }
    }

    [Fact]
    public async Task a_discount_comes_off_the_items_and_a_total_that_adds_up_is_accepted()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 10);
        await StockAsync(key, "RED-CAP", 10);
        var body = new
        {
            channel = "amazon_in", customer = new { name = "A" }, currency = "INR", discount = 98.5m, total = 2449.5m,
            items = new[] { new { sku = "BLUE-TEE-M", qty = 2, price = 899m }, new { sku = "RED-CAP", qty = 1, price = 750m } }
        };
        var placed = await PlaceAsync(key, body);   // 2 x 899 + 750 = 2548, less 98.5
        Assert.Equal((2548m, 98.5m, 2449.5m), (placed.GetProperty("subtotal").GetDecimal(), placed.GetProperty("discount").GetDecimal(),
            placed.GetProperty("total").GetDecimal()));
        var withoutTotal = await PlaceAsync(key, new { body.channel, body.customer, body.items, discount = 48 });   // total left out: computed
        Assert.Equal(2500m, withoutTotal.GetProperty("total").GetDecimal());

        await Fixture.CatchUpAsync();
        var read = await GetJson(key, $"/v1/orders/{placed.GetProperty("id").GetString()}");
        Assert.Equal((98.5m, 2449.5m), (read.GetProperty("discount").GetDecimal(), read.GetProperty("total").GetDecimal()));
        Assert.Equal(2449.5m + 2500m, (await GetJson(key, "/v1/analytics/sales?group_by=channel")).GetProperty("totals").GetProperty("revenue").GetDecimal());
    }

    [Fact]
    public async Task placing_needs_create_orders_and_a_secret_key()
    {
        var reader = await KeyAsync("read_orders,update_orders");
        var forbidden = await PostOrderAsync(reader, Order("amazon_in", ("BLUE-TEE-M", 1)), 403);
        Assert.Contains("create_orders", (await forbidden.BodyAsync()).GetProperty("detail").GetString());
        var storefront = await KeyAsync("read_catalog,public_storefront", isPublic: true);   // a public key cannot even hold read_orders
        await PostOrderAsync(storefront, Order("amazon_in", ("BLUE-TEE-M", 1)), 403);
        await Host.Scenario(x => { x.Post.Json(Order("amazon_in", ("BLUE-TEE-M", 1))).ToUrl("/v1/orders"); x.StatusCodeShouldBe(401); });
    }

    [Fact]
    public async Task another_tenants_sku_is_unknown_and_its_order_invisible()
    {
        var key = await KeyAsync(OrderScopes);
        await StockAsync(key, "BLUE-TEE-M", 10);
        var id = (await PlaceAsync(key, Order("amazon_in", ("BLUE-TEE-M", 1)))).GetProperty("id").GetString();
        await Fixture.CatchUpAsync();

        var stranger = await KeyAsync(OrderScopes, tenant: "t" + Guid.NewGuid().ToString("N")[..12]);
        Assert.Equal("unknown_sku", await (await PostOrderAsync(stranger, Order("amazon_in", ("BLUE-TEE-M", 1)), 400)).CodeAsync());
        await GetJson(stranger, $"/v1/orders/{id}", 404);
        await PatchJson(stranger, $"/v1/orders/{id}", new { status = "processing" }, 404);
    }
}
