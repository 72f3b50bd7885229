using Commerce.Domain.Common;
using Commerce.Domain.Inventory;

namespace Commerce.Domain.Tests.Inventory;

public class ChangeStockTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 17, 9, 15, 0, TimeSpan.Zero);

    private static StockItem? Given(params object[] history) => history.Aggregate((StockItem?)null, StockItem.Evolve);

    private static StockItem Stocked(int units, int reorderPoint = 10) =>
        Given(new InventoryTracked("BLUE-TEE-M", reorderPoint, Now), new StockAdjusted("BLUE-TEE-M", units, units, null, Now))!;

    private static Decision Decide(StockItem? stock, params IStockStep[] steps) => StockDecisions.Decide(stock, new ChangeStock("BLUE-TEE-M", steps), Now);

    [Fact]
    public void adjust_records_the_delta_and_the_result()
    {
        var decision = Decide(Stocked(143), new AdjustStock(17, "restock"));
        Assert.Equal([new StockAdjusted("BLUE-TEE-M", 17, 160, "restock", Now)], decision.Events);
    }

    [Fact]
    public void set_records_the_correction_it_made()
    {
        var decision = Decide(Stocked(143), new SetStock(100, "count"));
        Assert.Equal([new StockLevelSet("BLUE-TEE-M", -43, 100, "count", Now)], decision.Events);
    }

    [Fact]
    public void an_untracked_sku_starts_being_tracked_at_zero()
    {
        var decision = Decide(null, new AdjustStock(5, null));
        Assert.Equal([new InventoryTracked("BLUE-TEE-M", StockItem.DefaultReorderPoint, Now), new StockAdjusted("BLUE-TEE-M", 5, 5, null, Now)],
            decision.Events);
    }

    [Fact]
    public void stock_never_goes_negative()
    {
        var decision = Decide(Stocked(3), new AdjustStock(-4, null));
        Assert.Equal(StockDecisions.InsufficientStock, decision.Error?.Code);
        Assert.Equal(ErrorKind.Conflict, decision.Error?.Kind);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void allocations_never_sum_above_stock()
    {
        var decision = Decide(Stocked(100), new AllocateStock(new Dictionary<string, int> { ["amazon_in"] = 60, ["flipkart"] = 41 }));
        Assert.Equal(StockDecisions.OverAllocated, decision.Error?.Code);
    }

    [Fact]
    public void stock_cannot_drop_below_what_channels_hold()
    {
        var stock = Given(new InventoryTracked("BLUE-TEE-M", 10, Now), new StockAdjusted("BLUE-TEE-M", 100, 100, null, Now),
            new ChannelAllocationSet("BLUE-TEE-M", "amazon_in", 80, Now));
        var decision = Decide(stock, new SetStock(50, null));
        Assert.Equal(StockDecisions.InsufficientStock, decision.Error?.Code);
    }

    [Fact]
    public void lowering_stock_and_allocations_together_is_judged_on_the_result()
    {
        var stock = Given(new InventoryTracked("BLUE-TEE-M", 10, Now), new StockAdjusted("BLUE-TEE-M", 100, 100, null, Now),
            new ChannelAllocationSet("BLUE-TEE-M", "amazon_in", 80, Now));
        var decision = Decide(stock, new SetStock(50, null), new AllocateStock(new Dictionary<string, int> { ["amazon_in"] = 40 }));
        Assert.Null(decision.Error);
        Assert.Equal(40, decision.Events.Aggregate(stock, StockItem.Evolve)!.Allocated);
    }

    [Fact]
    public void unchanged_allocations_and_reorder_points_append_nothing()
    {
        var stock = Given(new InventoryTracked("BLUE-TEE-M", 10, Now), new StockAdjusted("BLUE-TEE-M", 100, 100, null, Now),
            new ChannelAllocationSet("BLUE-TEE-M", "amazon_in", 80, Now));
        var decision = Decide(stock, new AllocateStock(new Dictionary<string, int> { ["amazon_in"] = 80 }), new SetReorderPoint(10));
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void releasing_a_channel_removes_it()
    {
        var stock = Given(new InventoryTracked("BLUE-TEE-M", 10, Now), new StockAdjusted("BLUE-TEE-M", 100, 100, null, Now),
            new ChannelAllocationSet("BLUE-TEE-M", "amazon_in", 80, Now), new ChannelAllocationSet("BLUE-TEE-M", "amazon_in", 0, Now));
        Assert.Empty(stock!.Allocations);
    }

    [Fact]
    public void crossing_the_reorder_point_and_zero_are_recorded_once()
    {
        var decision = Decide(Stocked(12), new AdjustStock(-12, "sold"));
        Assert.Equal([
            new StockAdjusted("BLUE-TEE-M", -12, 0, "sold", Now),
            new StockReachedReorderPoint("BLUE-TEE-M", 0, 10, Now),
            new StockRanOut("BLUE-TEE-M", Now)
        ], decision.Events);

        var already = Decide(Stocked(8), new AdjustStock(-1, null));
        Assert.Single(already.Events);
    }

    [Theory]
    [InlineData(0, "critical")]
    [InlineData(10, "critical")]
    [InlineData(11, "low")]
    [InlineData(20, "low")]
    [InlineData(21, "healthy")]
    public void the_reorder_rule_bands_stock(int onHand, string band) => Assert.Equal(band, StockStatus.BandOf(onHand, 10));

    [Fact]
    public void stock_that_has_not_moved_for_ninety_days_is_dead_unless_it_is_zero()
    {
        Assert.Equal(StockStatus.DeadStock, StockStatus.Of(500, 10, Now.AddDays(-91), Now));
        Assert.Equal(StockStatus.Healthy, StockStatus.Of(500, 10, Now.AddDays(-89), Now));
        Assert.Equal(StockStatus.Critical, StockStatus.Of(0, 10, Now.AddDays(-200), Now));
    }
}
