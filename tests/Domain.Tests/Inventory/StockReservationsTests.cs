using Commerce.Domain.Inventory;
using static Commerce.Domain.Tests.Orders.OrderTestData;

namespace Commerce.Domain.Tests.Inventory;

public class StockReservationsTests
{
    private static StockItem Apply(StockItem stock, Commerce.Domain.Common.Decision decision) =>
        decision.Events.Aggregate(stock, (s, e) => StockItem.Evolve(s, e)!);

    [Fact]
    public void stock_cannot_be_lowered_below_what_orders_reserved()
    {
        var decision = StockDecisions.Decide(Stock("BLUE-TEE-M", 10, reserved: 8), new ChangeStock("BLUE-TEE-M", [new AdjustStock(-3, null)]), Now);
        Assert.Equal(StockDecisions.InsufficientStock, decision.Error?.Code);
        Assert.Contains("8 reserved", decision.Error!.Detail);
    }

    [Fact]
    public void allocations_fit_beside_reservations()
    {
        var decision = StockDecisions.Decide(Stock("BLUE-TEE-M", 10, reserved: 8),
            new ChangeStock("BLUE-TEE-M", [new AllocateStock(new Dictionary<string, int> { ["flipkart"] = 3 })]), Now);
        Assert.Equal(StockDecisions.OverAllocated, decision.Error?.Code);
    }

    [Fact]
    public void an_oversold_sku_can_be_restocked_even_while_still_short()
    {
        var oversold = Stock("BLUE-TEE-M", 1, reserved: 5);
        var decision = StockDecisions.Decide(oversold, new ChangeStock("BLUE-TEE-M", [new AdjustStock(2, "restock")]), Now);
        Assert.Null(decision.Error);
        Assert.Equal(3, Apply(oversold, decision).OnHand);
    }

    [Fact]
    public void a_sale_takes_units_out_of_stock_and_out_of_the_reservation_without_a_second_ran_out()
    {
        var stock = Stock("BLUE-TEE-M", 2, reserved: 2);
        var decision = StockReservations.Sell(stock, "ord_1", 2, Now);
        Assert.Equal([new ReservedStockSold("BLUE-TEE-M", "ord_1", 2, 0, 0, Now)], decision.Events);
        Assert.Equal((0, 0), (Apply(stock, decision).OnHand, Apply(stock, decision).Reserved));
    }

    [Fact]
    public void a_restock_from_a_return_adds_units()
    {
        var stock = Stock("BLUE-TEE-M", 2);
        Assert.Equal(5, Apply(stock, StockReservations.Restock(stock, "ord_1", "ret_1", 3, Now)).OnHand);
    }
}
