using Commerce.Api.WritePath;
using Commerce.Domain.Inventory;
using Commerce.Domain.Orders;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace Commerce.Api.Orders;

/// <summary>What an order command wrote: the order after it, and whether it changed (a repeated import or step does not).</summary>
public sealed record OrderWrite(Order Order, bool Changed);

/// <summary>
/// The write path of order commands, whose decisions span the order's stream and the SKU streams its lines name: one
/// transaction over all of them, all or nothing (docs/architecture.md, "Orders: one transaction over the SKU streams").
/// </summary>
internal static class OrderWrites
{
    /// <summary>
    /// Decides the batch's commands (several orders under group commit, each order's in arrival order) in one
    /// transaction: loads the orders, locks every stream row the decisions touch (orders and SKUs) in key order, waiting
    /// for other sessions, loads the SKUs, and decides each command over the state the previous ones left. A refused
    /// command appends nothing to any stream; the others go on.
    /// </summary>
    /// <remarks>
    /// The lock makes the SKU states read the latest committed ones and keeps them so until the commit, so two nodes
    /// racing for the last units are serialized and the later one decides over what the first left: 409, never an
    /// oversell. Taken in key order, so transactions wanting overlapping SKUs wait for each other and never deadlock;
    /// the versions Marten checks at the append remain the backstop (a race lost on an order stream is retried).
    /// </remarks>
    public static async Task<IReadOnlyList<WriteOutcome<OrderWrite>>> DecideOrdersAsync<TCommand>(
        this IDocumentSession session, CommandBatch<TCommand> batch,
        Func<Order?, IReadOnlyDictionary<string, StockItem>, TCommand, DateTimeOffset, OrderDecision> decide, TimeProvider clock,
        CancellationToken ct) where TCommand : IOrderCommand
    {
        await session.BeginTransactionAsync(ct);
        var orders = await FetchAsync<Order>(session, batch.Commands.Select(c => c.Command.OrderId), ct);
        var skuIds = batch.Commands.SelectMany(c => c.Command.SkusOf(orders[c.Command.OrderId].Aggregate)).ToList();
        await LockInKeyOrderAsync(session, [.. orders.Keys, .. skuIds], ct);
        var skus = await FetchAsync<StockItem>(session, skuIds, ct);

        var orderStates = orders.ToDictionary(o => o.Key, o => (State: o.Value.Aggregate, Version: o.Value.CurrentVersion ?? 0));
        var stock = skus.Where(s => s.Value.Aggregate is not null).ToDictionary(s => s.Key, s => s.Value.Aggregate!);
        var outcomes = new List<WriteOutcome<OrderWrite>>();
        foreach (var (command, metadata) in batch.Commands)
        {
            var (state, version) = orderStates[command.OrderId];
            var now = clock.GetUtcNow();
            if (command.ExpectedVersion is { } expected && expected != version)
            {
                outcomes.Add(new WriteOutcome<OrderWrite>.Stale(version));
                continue;
            }
            var decision = decide(state, stock, command, now);
            if (decision.Error is { } error)
            {
                outcomes.Add(new WriteOutcome<OrderWrite>.Rejected(error));
                continue;
            }
            orders[command.OrderId].AppendAs(decision.Events, metadata);
            foreach (var (sku, events) in decision.StockEvents)
            {
                skus[sku].AppendAs(events, metadata);
                stock[sku] = events.Aggregate(stock[sku], (state, e) => StockItem.Evolve(state, e)!);
            }
            var order = decision.Events.Aggregate(state, Order.Evolve)!;
            version += decision.Events.Count;
            orderStates[command.OrderId] = (order, version);
            outcomes.Add(new WriteOutcome<OrderWrite>.Written(new OrderWrite(order, decision.Events.Count > 0), version, now));
        }
        return outcomes;
    }

    private static async Task<Dictionary<string, IEventStream<TState>>> FetchAsync<TState>(
        IDocumentSession session, IEnumerable<string> ids, CancellationToken ct) where TState : class
    {
        var fetch = session.CreateBatchQuery();
        var fetches = ids.Distinct().ToDictionary(id => id, id => fetch.Events.FetchForWriting<TState>(id));
        if (fetches.Count == 0) return [];
        await fetch.Execute(ct);
        var streams = new Dictionary<string, IEventStream<TState>>();
        foreach (var (id, fetched) in fetches) streams[id] = await fetched;
        return streams;
    }

    /// <summary>
    /// Locks the rows of the streams that exist, as an append would (<c>FOR NO KEY UPDATE</c>), one after the other in key
    /// order, waiting for sessions that hold them (bounded by the command timeout).
    /// </summary>
    private static async Task LockInKeyOrderAsync(IDocumentSession session, IReadOnlyList<string> streamIds, CancellationToken ct)
    {
        var streams = $"{session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams";
        await using var take = new NpgsqlCommand(
            $"select id from {streams} where tenant_id = $1 and id = any($2) order by id collate \"C\" for no key update", session.Connection)
        {
            Parameters = { new() { Value = session.TenantId }, new() { Value = streamIds.Distinct().ToArray() } }
        };
        await take.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>
/// Every order command, whatever its kind, is one message type (<see cref="IOrderCommand"/>): one handler to compile, and
/// the commands of several orders share a commit under group commit whether they place, ship or cancel.
/// </summary>
public static class OrderCommandHandler
{
    public static Task<IReadOnlyList<WriteOutcome<OrderWrite>>> Handle(
        CommandBatch<IOrderCommand> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        session.DecideOrdersAsync(batch, OrderDecisions.Decide, clock, ct);
}
