using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Catalog;
using Commerce.Domain.Common;
using Commerce.Domain.Inventory;
using JasperFx.Events;
using FastEndpoints;
using Commerce.Projections;
using Marten;

namespace Commerce.Api.Catalog;

/// <summary>What a product command answers: the product, and its SKU's stock as the same transaction left it (null: never tracked).</summary>
public sealed record ProductWritten(Product Product, StockItem? Stock, string? CategoryPath);

/// <summary>
/// The one handler shape of the product commands. A command decides over two streams: the product's, and its SKU's
/// inventory stream when it sets <c>stock</c>, through the inventory's own decision (<see cref="StockDecisions"/>,
/// the one <c>PATCH /v1/inventory/{sku}</c> runs: same rules, same events). Both are appended in one transaction or
/// neither is: a stock change the inventory refuses refuses the whole command.
/// </summary>
/// <remarks>
/// Why nothing races: a product command's stream id is its SKU (<see cref="IProductCommand"/>), so inside a node it
/// waits behind the same gate as the SKU's inventory PATCHes; between nodes, Marten's optimistic concurrency on both
/// streams and Wolverine's retry re-decide over fresh state. A SKU's first product inserts its claim (a <see cref="UniqueClaim"/>)
/// in the same transaction; a second product's claim breaks the claim's primary key, and the retry finds the claim
/// and refuses the command with a conflict naming the product that holds the SKU.
/// </remarks>
internal static class ProductWrites
{
    public static async Task<IReadOnlyList<WriteOutcome<ProductWritten>>> DecideEachAsync<TCommand>(
        this IDocumentSession session, CommandBatch<TCommand> batch, Func<Product?, TCommand, CatalogFacts, DateTimeOffset, Decision> decide,
        TimeProvider clock, CancellationToken ct) where TCommand : IProductCommand
    {
        // SKUs in key order, as StreamDecisions appends streams, so overlapping batches of two nodes never deadlock.
        var commands = batch.Commands.Select((batched, index) => (batched, index))
            .OrderBy(c => c.batched.Command.Sku, StringComparer.Ordinal).ToList();
        var skus = commands.Select(c => c.batched.Command.Sku).Distinct().ToList();
        if (skus.Count > 1) await session.LockAllOrFailAsync(skus, ct);

        var fetch = session.CreateBatchQuery();
        var claimsLoaded = fetch.LoadMany<UniqueClaim>().ById(skus.Select(CatalogFacts.SkuClaimKey).ToArray());
        // Categories are never deleted, so the tree read here cannot lose a category the decision relies on.
        var categoriesLoaded = fetch.Load<CategoryTree>(CategoryTree.StreamId);
        var productsFetched = commands.Select(c => c.batched.Command.ProductId).Distinct()
            .ToDictionary(id => id, id => fetch.Events.FetchForWriting<Product>(id));
        var stocksFetched = skus.ToDictionary(sku => sku, sku => fetch.Events.FetchForWriting<StockItem>(sku));
        await fetch.Execute(ct);

        var skuHolders = (await claimsLoaded).ToDictionary(c => c.Id, c => c.HolderId);
        var categories = await categoriesLoaded;
        var products = new Dictionary<string, (IEventStream<Product> Stream, Product? State)>();
        foreach (var (id, fetched) in productsFetched)
        {
            var stream = await fetched;
            products[id] = (stream, StreamDecisions.ConsistentState(stream));
        }
        var stocks = new Dictionary<string, (IEventStream<StockItem> Stream, StockItem? State)>();
        foreach (var (sku, fetched) in stocksFetched)
        {
            var stream = await fetched;
            stocks[sku] = (stream, StreamDecisions.ConsistentState(stream));
        }

        var outcomes = new WriteOutcome<ProductWritten>[commands.Count];
        foreach (var ((command, metadata), index) in commands)
        {
            var (productStream, product) = products[command.ProductId];
            var (stockStream, stock) = stocks[command.Sku];
            var now = clock.GetUtcNow();
            var version = productStream.CurrentVersion ?? 0;
            if (command.ExpectedVersion is { } expected && expected != version)
            {
                outcomes[index] = new WriteOutcome<ProductWritten>.Stale(version);
                continue;
            }

            var productDecision = decide(product, command, new CatalogFacts(skuHolders.GetValueOrDefault(CatalogFacts.SkuClaimKey(command.Sku)), categories), now);
            var stockDecision = productDecision.Error is null && command.Stock is { } quantity
                ? StockDecisions.Decide(stock, new ChangeStock(command.Sku, [new SetStock(quantity, Reason: null)]), now)
                : Decision.Accept();
            if ((productDecision.Error ?? stockDecision.Error) is { } error)
            {
                outcomes[index] = new WriteOutcome<ProductWritten>.Rejected(error);
                continue;
            }

            Append(productStream, productDecision, metadata);
            Append(stockStream, stockDecision, metadata);
            var productAfter = productDecision.Events.Aggregate(product, Product.Evolve)!;
            var stockAfter = stockDecision.Events.Aggregate(stock, StockItem.Evolve);
            if (product is null)
            {
                // A product that comes into being claims its SKU.
                var key = CatalogFacts.SkuClaimKey(command.Sku);
                session.Insert(new UniqueClaim(key, command.ProductId));
                skuHolders[key] = command.ProductId;
            }
            products[command.ProductId] = (productStream, productAfter);
            stocks[command.Sku] = (stockStream, stockAfter);
            outcomes[index] = new WriteOutcome<ProductWritten>.Written(
                new ProductWritten(productAfter, stockAfter, categories?.PathOf(productAfter.Details.CategoryId)), version + productDecision.Events.Count, now);
        }
        return outcomes;
    }

    private static void Append<TState>(IEventStream<TState> stream, Decision decision, CommandMetadata metadata) where TState : class
    {
        var appendedBefore = stream.Events.Count;
        stream.AppendMany(decision.Events);
        foreach (var e in stream.Events.Skip(appendedBefore)) metadata.ApplyTo(e);
    }
}

/// <summary>Base of the routes that send a command to an existing product, named by its id.</summary>
public abstract class ProductCommandEndpoint<TRequest>(IQuerySession session) : CommandEndpoint<TRequest, ProductResponse> where TRequest : notnull
{
    /// <summary>
    /// Finds the product's SKU, the key its commands queue under, in the product's inline snapshot (one primary-key read;
    /// a SKU never changes, so reading it outside the command's transaction is safe), then sends the command; 404 when
    /// there is no such product.
    /// </summary>
    protected async Task SendProductCommandAsync<TCommand>(string productId, Func<string, TCommand> command, CancellationToken ct)
        where TCommand : IProductCommand
    {
        var product = CatalogRules.IsProductId(productId) ? await session.LoadAsync<Product>(productId, ct) : null;
        if (product is null)
        {
            await Send.ResultAsync(Problems.For(HttpContext, 404, "not_found", $"Product {productId} does not exist."));
            return;
        }
        await SendCommandAsync<TCommand, ProductWritten>(command(product.Sku),
            written => ProductResponse.From(written.Result, written.Version, written.At), ct);
    }
}
