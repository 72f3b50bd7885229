using Commerce.Domain.Common;
using Commerce.Domain.Inventory;
using Commerce.Domain.Orders;
using static Commerce.Domain.Tests.Orders.OrderTestData;

namespace Commerce.Domain.Tests.Orders;

public class PlaceOrderTests
{
    [Fact]
    public void placing_reserves_every_line_and_computes_the_total_and_sla_deadline()
    {
        var command = Place("ord_1", ("BLUE-TEE-M", 2), ("RED-CAP", 1)) with { Discount = 50 };
        var decision = OrderDecisions.Decide(null, Skus(Stock("BLUE-TEE-M", 10), Stock("RED-CAP", 5)), command, Now);

        var placed = Assert.IsType<OrderPlaced>(Assert.Single(decision.Events));
        Assert.Equal((300m, 50m, 250m), (placed.Subtotal, placed.Discount, placed.Total));
        Assert.Equal(Now.AddHours(24), placed.SlaDeadline);
        Assert.Empty(placed.OversoldSkus);
        Assert.Equal(new StockReserved("BLUE-TEE-M", "ord_1", "amazon_in", 2, 0, 0, 2, Now), decision.StockEvents["BLUE-TEE-M"].Single());
        Assert.Equal(new StockReserved("RED-CAP", "ord_1", "amazon_in", 1, 0, 0, 1, Now), decision.StockEvents["RED-CAP"].Single());
    }

    [Fact]
    public void units_come_from_the_channels_allocation_first()
    {
        var stock = Stock("BLUE-TEE-M", 10, allocations: [("amazon_in", 3), ("flipkart", 5)]);
        var decision = OrderDecisions.Decide(null, Skus(stock), Place("ord_1", ("BLUE-TEE-M", 4)), Now);

        var reserved = decision.StockEvents["BLUE-TEE-M"].OfType<StockReserved>().Single();
        Assert.Equal((3, 0), (reserved.FromAllocation, reserved.ShortBy));
        var after = StockItem.Evolve(stock, reserved)!;
        Assert.False(after.Allocations.ContainsKey("amazon_in"));   // used up
        Assert.Equal((4, 1), (after.Reserved, after.Unallocated));
    }

    [Fact]
    public void another_channels_allocation_is_not_available()
    {
        var stock = Stock("BLUE-TEE-M", 10, allocations: [("flipkart", 8)]);
        var decision = OrderDecisions.Decide(null, Skus(stock), Place("ord_1", ("BLUE-TEE-M", 3)), Now);
        Assert.Equal(StockDecisions.InsufficientStock, decision.Error?.Code);
        Assert.Contains("BLUE-TEE-M", decision.Error!.Detail);
    }

    [Fact]
    public void one_short_line_refuses_the_whole_order_naming_its_sku_and_reserves_nothing()
    {
        var decision = OrderDecisions.Decide(null, Skus(Stock("BLUE-TEE-M", 10), Stock("RED-CAP", 1)),
            Place("ord_1", ("BLUE-TEE-M", 2), ("RED-CAP", 2)), Now);

        Assert.Equal(ErrorKind.Conflict, decision.Error?.Kind);
        Assert.Equal(StockDecisions.InsufficientStock, decision.Error?.Code);
        Assert.Contains("RED-CAP", decision.Error!.Detail);
        Assert.Empty(decision.Events);
        Assert.Empty(decision.StockEvents);
    }

    [Fact]
    public void reserved_units_are_not_available_to_the_next_order()
    {
        var decision = OrderDecisions.Decide(null, Skus(Stock("BLUE-TEE-M", 3, reserved: 2)), Place("ord_2", ("BLUE-TEE-M", 2)), Now);
        Assert.Equal(StockDecisions.InsufficientStock, decision.Error?.Code);
    }

    [Fact]
    public void an_unknown_sku_is_refused_naming_it()
    {
        var decision = OrderDecisions.Decide(null, Skus(Stock("BLUE-TEE-M", 3)), Place("ord_1", ("BLUE-TEE-M", 1), ("NOPE-1", 1)), Now);
        Assert.Equal((ErrorKind.Invalid, OrderDecisions.UnknownSku), (decision.Error?.Kind, decision.Error?.Code));
        Assert.Contains("NOPE-1", decision.Error!.Detail);
    }

    [Fact]
    public void an_imported_order_is_never_refused_it_is_flagged_oversold_and_runs_the_sku_out()
    {
        var decision = OrderDecisions.Decide(null, Skus(Stock("BLUE-TEE-M", 1)), Import("ord_1", ("BLUE-TEE-M", 3)), Now);

        Assert.Null(decision.Error);
        Assert.Equal(["BLUE-TEE-M"], Assert.IsType<OrderPlaced>(decision.Events.Single()).OversoldSkus);
        var events = decision.StockEvents["BLUE-TEE-M"];
        Assert.Equal(2, events.OfType<StockReserved>().Single().ShortBy);
        Assert.Single(events.OfType<StockRanOut>());
    }

    [Fact]
    public void an_import_of_an_already_sold_out_sku_still_raises_ran_out()
    {
        var decision = OrderDecisions.Decide(null, Skus(Stock("BLUE-TEE-M", 0)), Import("ord_1", ("BLUE-TEE-M", 1)), Now);
        Assert.Single(decision.StockEvents["BLUE-TEE-M"].OfType<StockRanOut>());
    }

    [Fact]
    public void reserving_the_last_sellable_units_runs_the_sku_out_and_crosses_the_reorder_point()
    {
        var decision = OrderDecisions.Decide(null, Skus(Stock("BLUE-TEE-M", 12, reorderPoint: 10)), Place("ord_1", ("BLUE-TEE-M", 12)), Now);
        Assert.Equal([typeof(StockReserved), typeof(StockReachedReorderPoint), typeof(StockRanOut)],
            decision.StockEvents["BLUE-TEE-M"].Select(e => e.GetType()));
    }

    [Fact]
    public void importing_the_same_channel_order_again_is_no_change()
    {
        var first = OrderDecisions.Decide(null, Skus(Stock("BLUE-TEE-M", 5)), Import("ord_1", ("BLUE-TEE-M", 1)), Now);
        var order = first.Events.Aggregate((Order?)null, Order.Evolve);
        var again = OrderDecisions.Decide(order, Skus(Stock("BLUE-TEE-M", 4, reserved: 1)), Import("ord_1", ("BLUE-TEE-M", 1)), Now);
        Assert.Null(again.Error);
        Assert.Empty(again.Events);
        Assert.Empty(again.StockEvents);
    }

    [Fact]
    public void a_total_that_does_not_add_up_is_refused()
    {
        var decision = OrderDecisions.Decide(null, Skus(Stock("BLUE-TEE-M", 5)), Place("ord_1", ("BLUE-TEE-M", 2)) with { Total = 150 }, Now);
        Assert.Equal((ErrorKind.Invalid, OrderDecisions.TotalMismatch), (decision.Error?.Kind, decision.Error?.Code));
        Assert.Contains("200", decision.Error!.Detail);
    }

    [Fact]
    public void a_discount_above_the_items_is_refused()
    {
        var decision = OrderDecisions.Decide(null, Skus(Stock("BLUE-TEE-M", 5)), Place("ord_1", ("BLUE-TEE-M", 1)) with { Discount = 101 }, Now);
        Assert.Equal(OrderDecisions.TotalMismatch, decision.Error?.Code);
    }
}
