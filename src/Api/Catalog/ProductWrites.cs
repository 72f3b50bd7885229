using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Catalog;
using Commerce.Domain.Common;
using Commerce.Domain.Inventory;
using Commerce.Projections;
using FastEndpoints;
using JasperFx.Events;
using Marten;

namespace Commerce.Api.Catalog;

/// <summary>
/// What a product command answers: the product, its SKUs' stock as the same transaction left it (null: never tracked),
/// and its SKU's channel listings as they are.
/// </summary>
public sealed record ProductWritten(
    Product Product, IReadOnlyDictionary<string, StockItem?> Stocks, string? CategoryPath, IReadOnlyDictionary<string, ChannelListing> Listings);

/// <summary>
/// The one handler shape of the product commands. A command decides over several streams: the product's, and the
/// inventory streams of its SKU and of its variants' SKUs when it sets their stock, through the inventory's own decision
/// (<see cref="StockDecisions"/>, the one <c>PATCH /v1/inventory/{sku}</c> runs: same rules, same events). All are
/// appended in one transaction or none is: a stock change the inventory refuses refuses the whole command.
/// </summary>
/// <remarks>
/// Why nothing races: a product command's stream id is its SKU (<see cref="IProductCommand"/>), so inside a node it
/// waits behind the same gate as the SKU's inventory PATCHes; a variant's SKU has a gate of its own, so there, as between
/// nodes, Marten's optimistic concurrency on every stream appended to and Wolverine's retry re-decide over fresh state.
/// Every SKU a product takes (its own, a variant's) is a claim (a <see cref="UniqueClaim"/>) inserted in the same
/// transaction; a second product's claim of the same SKU breaks the claim's primary key, and the retry finds the claim
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
        // The rows of the commands' own streams (their SKUs): the dispatcher runs alone the commands of a held one.
        await session.BeginTransactionAsync(ct);
        if (skus.Count > 1) await session.LockAllOrFailAsync(skus, ct);

        var named = commands.SelectMany(c => c.batched.Command.SkusNamed).Distinct().ToList();
        var fetch = session.CreateBatchQuery();
        var claimsLoaded = fetch.LoadMany<UniqueClaim>().ById(named.Select(CatalogFacts.SkuClaimKey).ToArray());
        // Categories are never deleted, so the tree read here cannot lose a category the decision relies on.
        var categoriesLoaded = fetch.Load<CategoryTree>(CategoryTree.StreamId);
        var listingsLoaded = ProductListings.Load(fetch, skus);
        var productsFetched = commands.Select(c => c.batched.Command.ProductId).Distinct()
            .ToDictionary(id => id, id => fetch.Events.FetchForWriting<Product>(id));
        var stocksFetched = named.ToDictionary(sku => sku, sku => fetch.Events.FetchForWriting<StockItem>(sku));
        await fetch.Execute(ct);

        var claims = ClaimsStore.Of(session, await claimsLoaded);
        var categories = await categoriesLoaded;
        var listings = ProductListings.BySku(await listingsLoaded);
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
        // The stock of variants a command keeps as they are, for its answer only: read, not fetched for writing.
        var shownOnly = products.Values.SelectMany(p => p.State?.Skus ?? []).Except(stocks.Keys).ToArray();
        var stocksShown = (shownOnly.Length == 0 ? [] : await session.LoadManyAsync<StockItem>(ct, shownOnly))
            .ToDictionary(s => s.Sku, s => (StockItem?)s);

        var outcomes = new WriteOutcome<ProductWritten>[commands.Count];
        foreach (var ((command, metadata), index) in commands)
        {
            var (productStream, product) = products[command.ProductId];
            var now = clock.GetUtcNow();
            var version = productStream.CurrentVersion ?? 0;
            if (command.ExpectedVersion is { } expected && expected != version)
            {
                outcomes[index] = new WriteOutcome<ProductWritten>.Stale(version);
                continue;
            }

            var productDecision = decide(product, command, new CatalogFacts(claims.Held, categories), now);
            var stockLevels = command.Stock is { } own ? command.VariantStock.Append(KeyValuePair.Create(command.Sku, own)) : command.VariantStock;
            var stockDecisions = productDecision.Error is null
                ? stockLevels.OrderBy(level => level.Key, StringComparer.Ordinal).Select(level => (Sku: level.Key, Decision: StockDecisions.Decide(
                    stocks[level.Key].State, new ChangeStock(level.Key, [new SetStock(level.Value, Reason: null)]), now))).ToList()
                : [];
            if ((productDecision.Error ?? stockDecisions.Select(d => d.Decision.Error).FirstOrDefault(e => e is not null)) is { } error)
            {
                outcomes[index] = new WriteOutcome<ProductWritten>.Rejected(error);
                continue;
            }

            productStream.AppendAs(productDecision.Events, metadata);
            var productAfter = productDecision.Events.Aggregate(product, Product.Evolve)!;
            products[command.ProductId] = (productStream, productAfter);
            foreach (var (sku, stockDecision) in stockDecisions)
            {
                var (stockStream, stock) = stocks[sku];
                stockStream.AppendAs(stockDecision.Events, metadata);
                stocks[sku] = (stockStream, stockDecision.Events.Aggregate(stock, StockItem.Evolve));
            }
            TakeSkus(claims, command.ProductId, product?.Skus ?? [], productAfter.Skus);
            outcomes[index] = new WriteOutcome<ProductWritten>.Written(
                new ProductWritten(productAfter, productAfter.Skus.ToDictionary(sku => sku, sku => stocks.TryGetValue(sku, out var s) ? s.State : stocksShown.GetValueOrDefault(sku)),
                    categories?.PathOf(productAfter.Details.CategoryId), listings.GetValueOrDefault(command.Sku, ProductListings.None)),
                version + productDecision.Events.Count, now);
        }
        return outcomes;
    }

    /// <summary>
    /// The SKUs a product comes to hold (its own when it comes into being, a new variant's) are claimed in the command's
    /// transaction (written by <see cref="ClaimsStore"/> after the events, in key order); none is ever released (an
    /// archived product's, a removed variant's), so a SKU's history keeps meaning one product.
    /// </summary>
    private static void TakeSkus(ClaimsStore claims, string productId, IEnumerable<string> before, IEnumerable<string> after)
    {
        var keys = after.Except(before).Select(CatalogFacts.SkuClaimKey).ToList();
        claims.Move(productId, keys.Where(key => claims.Held.HolderOf(key) == productId), keys);
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
