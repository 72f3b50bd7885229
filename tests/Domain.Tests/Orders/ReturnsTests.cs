using Commerce.Domain.Inventory;
using Commerce.Domain.Orders;
using static Commerce.Domain.Tests.Orders.OrderTestData;

namespace Commerce.Domain.Tests.Orders;

public class ReturnsTests
{
    private static readonly Dictionary<string, StockItem> Stocked = Skus(Stock("BLUE-TEE-M", 7), Stock("RED-CAP", 4));

    private static Order Delivered() => Placed("ord_1", ("BLUE-TEE-M", 3), ("RED-CAP", 1)).In(OrderStatus.Delivered);

    private static Order Evolve(Order order, OrderDecision decision) => decision.Events.Aggregate(order, (o, e) => Order.Evolve(o, e)!);

    private static Order WithReturn(params (string Sku, int Qty)[] lines) => Evolve(Delivered(),
        OrderDecisions.Decide(Delivered(), Stocked, new RequestReturn("ord_1", "ret_1", [.. lines.Select(l => new ReturnLine(l.Sku, l.Qty))], "size"), Now));

    [Fact]
    public void a_return_after_delivery_sets_the_status_to_return()
    {
        var order = WithReturn(("BLUE-TEE-M", 2));
        Assert.Equal(OrderStatus.Return, order.Status);
        Assert.Equal(2, order.ReturnedOf("BLUE-TEE-M"));
    }

    [Theory]
    [InlineData("new")]
    [InlineData("shipped")]
    [InlineData("cancelled")]
    public void no_return_before_delivery(string status)
    {
        var decision = OrderDecisions.Decide(Delivered().In(status), Stocked, new RequestReturn("ord_1", "ret_1", [new ReturnLine("BLUE-TEE-M", 1)], null), Now);
        Assert.Equal(OrderDecisions.InvalidTransition, decision.Error?.Code);
    }

    [Fact]
    public void never_more_units_back_than_the_order_had()
    {
        var order = WithReturn(("BLUE-TEE-M", 2));
        var decision = OrderDecisions.Decide(order, Stocked, new RequestReturn("ord_1", "ret_2", [new ReturnLine("BLUE-TEE-M", 2)], null), Now);
        Assert.Equal(OrderDecisions.ReturnExceedsOrder, decision.Error?.Code);
        Assert.Contains("1 not returned yet", decision.Error!.Detail);
    }

    [Fact]
    public void receiving_restocks_the_resellable_units_only()
    {
        var order = WithReturn(("BLUE-TEE-M", 2), ("RED-CAP", 1));
        var decision = OrderDecisions.Decide(order, Stocked, new ReceiveReturn("ord_1", "ret_1",
            [new GradedLine("BLUE-TEE-M", 1, ReturnGrade.Resellable), new GradedLine("BLUE-TEE-M", 1, ReturnGrade.Damaged),
             new GradedLine("RED-CAP", 1, ReturnGrade.Damaged)], 300), Now);

        Assert.IsType<ReturnReceived>(Assert.Single(decision.Events));
        Assert.Equal([new ReturnedStockRestocked("BLUE-TEE-M", "ord_1", "ret_1", 1, 8, Now)], decision.StockEvents["BLUE-TEE-M"]);
        Assert.False(decision.StockEvents.ContainsKey("RED-CAP"));
        Assert.Equal(300, Evolve(order, decision).Refunded);
    }

    [Fact]
    public void grades_must_cover_exactly_the_returned_units()
    {
        var order = WithReturn(("BLUE-TEE-M", 2));
        var decision = OrderDecisions.Decide(order, Stocked, new ReceiveReturn("ord_1", "ret_1", [new GradedLine("BLUE-TEE-M", 1, ReturnGrade.Damaged)], 0), Now);
        Assert.Equal(OrderDecisions.GradesDoNotMatch, decision.Error?.Code);
    }

    [Fact]
    public void a_return_is_received_once_and_refunds_never_exceed_the_total()
    {
        var order = WithReturn(("BLUE-TEE-M", 1));
        var tooMuch = OrderDecisions.Decide(order, Stocked, new ReceiveReturn("ord_1", "ret_1", [new GradedLine("BLUE-TEE-M", 1, ReturnGrade.Damaged)], 401), Now);
        Assert.Equal("refund_exceeds_total", tooMuch.Error?.Code);   // the order totals 400

        var receive = new ReceiveReturn("ord_1", "ret_1", [new GradedLine("BLUE-TEE-M", 1, ReturnGrade.Damaged)], 100);
        var received = Evolve(order, OrderDecisions.Decide(order, Stocked, receive, Now));
        Assert.Equal(OrderDecisions.ReturnAlreadyReceived, OrderDecisions.Decide(received, Stocked, receive, Now).Error?.Code);
        Assert.Equal(OrderDecisions.OrderNotFound, OrderDecisions.Decide(received, Stocked, receive with { ReturnId = "ret_x" }, Now).Error?.Code);
    }
}
