using Commerce.Domain.Common;

namespace Commerce.Domain.Inventory;

/// <summary>
/// What orders do to a SKU's stream: reserve units, release them, sell them when the order ships, take returned units
/// back. Not commands of their own: an order decides them over every SKU it names at once (Orders), and the SKU's
/// stream records them, so stock, allocations and reservations have one history.
/// </summary>
public static class StockReservations
{
    /// <summary>
    /// Reserves <paramref name="units"/> for an order of <paramref name="channel"/>: from the channel's allocation first,
    /// then from unallocated stock. Refused when they are not there, unless <paramref name="mayOversell"/> (an imported
    /// order happened already on its marketplace): then reserved in full, short by what is missing, and the SKU runs out.
    /// </summary>
    public static Decision Reserve(StockItem stock, string orderId, string channel, int units, bool mayOversell, DateTimeOffset now)
    {
        var fromAllocation = Math.Min(units, stock.Allocations.GetValueOrDefault(channel));
        var free = Math.Max(0, stock.Unallocated);
        var shortBy = Math.Max(0, units - fromAllocation - free);
        if (shortBy > 0 && !mayOversell)
            return Decision.Reject(ErrorKind.Conflict, StockDecisions.InsufficientStock,
                $"Not enough {stock.Sku}: {units} wanted, {fromAllocation + free} available to {channel}.");

        var reserved = new StockReserved(stock.Sku, orderId, channel, units, fromAllocation, shortBy, stock.Reserved + units, now);
        var facts = StockDecisions.ThresholdFacts(stock, StockItem.Evolve(stock, reserved)!, now).ToList();
        // Oversold is out of stock however it came about, so a receiver of inventory.out hears of every shortfall.
        if (shortBy > 0 && !facts.OfType<StockRanOut>().Any()) facts.Add(new StockRanOut(stock.Sku, now));
        return Decision.Accept([reserved, .. facts]);
    }

    /// <summary>Ends a reservation without a sale; what it took from the channel's allocation goes back to it.</summary>
    public static Decision Release(StockItem stock, string orderId, string channel, int units, int toAllocation, DateTimeOffset now) =>
        Decision.Accept(new StockReservationReleased(stock.Sku, orderId, channel, units, toAllocation, Math.Max(0, stock.Reserved - units), now));

    /// <summary>The order ships: its reserved units leave the stock. An oversold order ships only once the units are there.</summary>
    public static Decision Sell(StockItem stock, string orderId, int units, DateTimeOffset now) => stock.OnHand < units
        ? Decision.Reject(ErrorKind.Conflict, StockDecisions.InsufficientStock,
            $"{stock.Sku} has {stock.OnHand} units on hand and the order ships {units}: it was oversold; restock {stock.Sku} before shipping.")
        : Decision.Accept(new ReservedStockSold(stock.Sku, orderId, units, stock.OnHand - units, Math.Max(0, stock.Reserved - units), now));

    /// <summary>Returned units graded resellable are stock again.</summary>
    public static Decision Restock(StockItem stock, string orderId, string returnId, int units, DateTimeOffset now) =>
        Decision.Accept(new ReturnedStockRestocked(stock.Sku, orderId, returnId, units, stock.OnHand + units, now));
}
