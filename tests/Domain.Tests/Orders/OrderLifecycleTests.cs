using Commerce.Domain.Inventory;
using Commerce.Domain.Orders;
using static Commerce.Domain.Tests.Orders.OrderTestData;

namespace Commerce.Domain.Tests.Orders;

public class OrderLifecycleTests
{
    private static readonly Dictionary<string, StockItem> Reserved = Skus(Stock("BLUE-TEE-M", 10, reserved: 2));

    private static OrderDecision Move(Order order, string to) => to switch
    {
        OrderStatus.Shipped => OrderDecisions.Decide(order, Reserved, new ShipOrder(order.Id, "161234567890", "Delhivery"), Now),
        OrderStatus.Cancelled => OrderDecisions.Decide(order, Reserved, new CancelOrder(order.Id, null), Now),
        _ => OrderDecisions.Decide(order, Reserved, new AdvanceOrder(order.Id, to), Now)
    };

    public static TheoryData<string, string> Allowed => new()
    {
        { "new", "processing" }, { "new", "ready" }, { "new", "shipped" }, { "new", "cancelled" },
        { "processing", "ready" }, { "processing", "shipped" }, { "processing", "cancelled" },
        { "ready", "shipped" }, { "ready", "cancelled" },
        { "shipped", "delivered" }
    };

    /// <summary>The seed's lifecycle, written out rather than read from <see cref="OrderStatus.NextOf"/>: where each status may go.</summary>
    private static readonly Dictionary<string, string[]> Lifecycle = new()
    {
        ["new"] = ["processing", "ready", "shipped", "cancelled"], ["processing"] = ["ready", "shipped", "cancelled"],
        ["ready"] = ["shipped", "cancelled"], ["shipped"] = ["delivered"], ["delivered"] = ["return"], ["cancelled"] = [], ["return"] = []
    };

    private static readonly string[] Settable = ["processing", "ready", "shipped", "delivered", "cancelled"];

    /// <summary>Every status and every status PATCH sets that the lifecycle does not allow from it (setting the same one is no change).</summary>
    public static TheoryData<string, string> Refused()
    {
        var data = new TheoryData<string, string>();
        foreach (var (from, next) in Lifecycle)
        foreach (var to in Settable.Where(to => to != from && !next.Contains(to)))
            data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void an_allowed_step_records_the_new_status(string from, string to)
    {
        var order = Placed("ord_1", ("BLUE-TEE-M", 2)).In(from);
        var decision = Move(order, to);
        Assert.Null(decision.Error);
        Assert.Equal(to, decision.Events.Aggregate(order, (o, e) => Order.Evolve(o, e)!).Status);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void a_step_the_lifecycle_does_not_allow_is_a_conflict_listing_where_the_order_can_go(string from, string to)
    {
        var order = Placed("ord_1", ("BLUE-TEE-M", 2)).In(from);
        var decision = Move(order, to);
        Assert.Equal(OrderDecisions.InvalidTransition, decision.Error?.Code);
        Assert.Empty(decision.StockEvents);
        Assert.Empty(decision.Events);
        var next = Lifecycle[from];
        Assert.Contains(next.Length == 0 ? "a final status" : $"it can become {string.Join(", ", next)}, not {to}", decision.Error!.Detail);
    }

    [Fact]
    public void the_lifecycle_tables_agree_and_every_allowed_step_is_tested()
    {
        Assert.Equal(Lifecycle.Keys.Order(), OrderStatus.All.Order());
        Assert.All(OrderStatus.All, s => Assert.Equal(Lifecycle[s], OrderStatus.NextOf(s)));
        var allowed = Allowed.Select(row => ((string)row[0], (string)row[1])).ToHashSet();
        Assert.Equal(Lifecycle.SelectMany(l => l.Value.Where(to => to != "return").Select(to => (l.Key, to))).ToHashSet(), allowed);
    }

    [Theory]
    [InlineData("delivered", true)]
    [InlineData("return", true)]   // a second return of units not returned yet
    [InlineData("new", false)]
    [InlineData("processing", false)]
    [InlineData("ready", false)]
    [InlineData("shipped", false)]
    [InlineData("cancelled", false)]
    public void a_return_opens_only_after_delivery(string from, bool opens)
    {
        var order = Placed("ord_1", ("BLUE-TEE-M", 2)).In(from);
        var decision = OrderDecisions.Decide(order, Reserved, new RequestReturn("ord_1", "ret_1", [new ReturnLine("BLUE-TEE-M", 1)], null), Now);
        if (opens)
        {
            Assert.Null(decision.Error);
            Assert.Equal(OrderStatus.Return, decision.Events.Aggregate(order, (o, e) => Order.Evolve(o, e)!).Status);
        }
        else
        {
            Assert.Equal(OrderDecisions.InvalidTransition, decision.Error?.Code);
            Assert.Contains("a return opens once it is delivered", decision.Error!.Detail);
            Assert.Empty(decision.Events);
        }
    }

    [Fact]
    public void shipping_sells_the_reserved_units_and_records_the_tracking()
    {
        var order = Placed("ord_1", ("BLUE-TEE-M", 2));
        var decision = OrderDecisions.Decide(order, Reserved, new ShipOrder("ord_1", "161234567890", "Delhivery"), Now);
        Assert.Equal([new OrderShipped("ord_1", "amazon_in", "161234567890", "Delhivery", Now)], decision.Events);
        Assert.Equal([new ReservedStockSold("BLUE-TEE-M", "ord_1", 2, 8, 0, Now)], decision.StockEvents["BLUE-TEE-M"]);
    }

    [Theory]
    [InlineData("processing")]
    [InlineData("ready")]
    [InlineData("delivered")]
    [InlineData("cancelled")]
    public void setting_the_status_the_order_has_is_no_change(string status)
    {
        var order = Placed("ord_1", ("BLUE-TEE-M", 2)).In(status);
        var decision = Move(order, status);
        Assert.Null(decision.Error);
        Assert.Empty(decision.Events);
        Assert.Empty(decision.StockEvents);
    }

    [Fact]
    public void shipping_again_with_the_same_tracking_is_no_change()
    {
        var order = Placed("ord_1", ("BLUE-TEE-M", 2)).In(OrderStatus.Shipped) with { Awb = "1", Courier = "Delhivery" };
        Assert.Empty(OrderDecisions.Decide(order, Reserved, new ShipOrder("ord_1", "1", "Delhivery"), Now).Events);
        Assert.Equal(OrderDecisions.InvalidTransition, OrderDecisions.Decide(order, Reserved, new ShipOrder("ord_1", "2", "Delhivery"), Now).Error?.Code);
    }

    [Fact]
    public void an_oversold_order_ships_only_once_the_units_are_there()
    {
        var order = Placed("ord_1", ("BLUE-TEE-M", 3));
        var decision = OrderDecisions.Decide(order, Skus(Stock("BLUE-TEE-M", 1, reserved: 3)), new ShipOrder("ord_1", null, null), Now);
        Assert.Equal(StockDecisions.InsufficientStock, decision.Error?.Code);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void cancelling_releases_the_reservation_back_to_the_channels_allocation()
    {
        var stock = Stock("BLUE-TEE-M", 10, allocations: [("amazon_in", 1)]);
        var placed = OrderDecisions.Decide(null, Skus(stock), Place("ord_1", ("BLUE-TEE-M", 3)), Now);
        var order = placed.Events.Aggregate((Order?)null, Order.Evolve)!;
        var reserved = placed.StockEvents["BLUE-TEE-M"].Aggregate(stock, (s, e) => StockItem.Evolve(s, e)!);

        var cancelled = OrderDecisions.Decide(order, Skus(reserved), new CancelOrder("ord_1", "customer_request"), Now);
        var after = cancelled.StockEvents["BLUE-TEE-M"].Aggregate(reserved, (s, e) => StockItem.Evolve(s, e)!);
        Assert.Equal((10, 0), (after.OnHand, after.Reserved));
        Assert.Equal(stock.Allocations, after.Allocations);
    }

    [Fact]
    public void an_unknown_order_is_not_found()
    {
        Assert.Equal(OrderDecisions.OrderNotFound, OrderDecisions.Decide(null, Reserved, new AdvanceOrder("ord_x", OrderStatus.Processing), Now).Error?.Code);
    }
}
