using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Api.Inventory;
using Commerce.Domain.Catalog;
using Commerce.Projections;
using Commerce.Projections.Catalog;
using Commerce.Projections.Inventory;
using FastEndpoints;
using FluentValidation;
using Marten;
using Marten.Linq.MatchesSql;

namespace Commerce.Api.Catalog;

public sealed class ListProductsRequest : PagedRequest
{
    /// <summary>live | suppressed | draft | inactive</summary>
    public string? Status { get; set; }

    /// <summary>Case-insensitive search in the name or the SKU.</summary>
    public string? Q { get; set; }

    /// <summary>Only the products of this category (its id) and of the categories below it.</summary>
    public string? Category { get; set; }

    /// <summary>Only the products of this brand (exact name).</summary>
    public string? Brand { get; set; }

    /// <summary>Only the products listed on this channel (live, suppressed or inactive there), as its last sync found them.</summary>
    public string? Channel { get; set; }

    /// <summary>sku (default), name, price or updated_at; a leading '-' sorts descending.</summary>
    public string? Sort { get; set; }

    /// <summary>The <c>meta.next_cursor</c> of the previous page (instead of <c>page</c>).</summary>
    public string? After { get; set; }

    /// <summary>Read-your-writes: wait (bounded) until the list reflects every write committed before the request.</summary>
    public bool? Consistent { get; set; }
}

public sealed class ListProductsValidator : Validator<ListProductsRequest>
{
    public ListProductsValidator()
    {
        Include(new KeysetPagingRules<ListProductsRequest>(x => x.After, ProductSort.IsCursor));
        RuleFor(x => x.Status).Must(s => ProductStatus.Listed.Contains(s)).When(x => x.Status is not null)
            .WithMessage($"status must be one of: {string.Join(", ", ProductStatus.Listed)}.");
        RuleFor(x => x.Q).Length(1, 100).When(x => x.Q is not null).WithMessage("q is 1 to 100 characters.");
        RuleFor(x => x.Category).MaximumLength(64);
        RuleFor(x => x.Brand).MaximumLength(100);
        RuleFor(x => x.Channel).Must(c => InventoryRules.IsChannel(c!)).When(x => x.Channel is not null).WithMessage(InventoryRules.ChannelMessage);
        RuleFor(x => x.Sort).Must(s => ProductSort.Named(s) is not null).When(x => x.Sort is not null)
            .WithMessage($"sort must be one of: {string.Join(", ", ProductSort.Names)}.");
        RuleFor(x => x.After).Must((x, after) => ProductSort.Named(x.Sort ?? ProductSort.Default)!.Accepts(after!))
            .When(x => x.After is not null && ProductSort.Named(x.Sort ?? ProductSort.Default) is not null)
            .WithMessage("after must be a next_cursor of a list with the same sort.");
    }
}

public sealed record ProductListResponse(IReadOnlyList<ProductResponse> Data, CursorPageMeta Meta);

/// <summary>
/// <c>GET /v1/products</c>: the filters combine; archived products never show, and a public key sees live ones only.
/// A page's stock, its variants' included, comes from its SKUs' inventory read model in the same round trip.
/// </summary>
public sealed class ListProductsEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : Endpoint<ListProductsRequest, ProductListResponse>
{
    public override void Configure()
    {
        Get("products");
        Policies(ApiScopes.Required(CatalogContext.ReadCatalog));
        Description(d => d.ClearDefaultAccepts().WithTags("Catalog").WithSummary("Products of the catalog, filtered, sorted and paged")
            .Produces<ProductListResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListProductsRequest req, CancellationToken ct)
    {
        if (req.Consistent == true) await readYourWrites.CatchUpAsync(session, CatalogRegistration.ProductProjectionName, ct);
        var sort = ProductSort.Named(req.Sort ?? ProductSort.Default)!;

        var query = session.Query<ProductView>().Where(x => x.Status != ProductStatus.Archived);
        if (User.IsPublicKey()) query = query.Where(x => x.Status == ProductStatus.Live);
        if (req.Status is { } status) query = query.Where(x => x.Status == status);
        if (req.Brand is { } brand) query = query.Where(x => x.Brand == brand);
        var first = session.CreateBatchQuery();
        var categoriesLoading = first.Load<CategoryTree>(CategoryTree.StreamId);
        // Filtered by statuses alone (or not at all), the total is a sum of the tenant's kept counts, not a count of its products.
        var statusesOnly = req.Q is null && req.Brand is null && req.Category is null && req.Channel is null;
        var countsLoading = statusesOnly
            ? ShownStatuses(req).Select(shown => CatalogRegistration.ProductCounts.CountAsync(first, session, ("status", shown))).ToList()
            : null;
        await first.Execute(ct);
        var categories = await categoriesLoading;
        if (req.Category is { } category)
        {
            // A category's products and those of every category below it.
            var subtree = categories?.Has(category) == true ? categories.Subtree(category).ToArray() : [category];
            query = query.Where(x => subtree.Contains(x.CategoryId));
        }
        if (req.Channel is { } channel)
        {
            var listedOn = ProductListings.ListedOnSql(session);
            query = query.Where(x => x.MatchesSql(listedOn, channel));
        }
        if (req.Q is { } q) query = query.Where(ProductSearch.Matches(q));
        query = query.Inlined();

        var total = countsLoading is null ? await query.CountAsync(ct) : (await Task.WhenAll(countsLoading)).Sum();
        var page = req.After is { } after ? query.Where(sort.After(after).Inlined()) : query;
        var found = await sort.Order(page, matches: req.Q is null ? null : total)
            .Skip(req.After is null ? (req.PageNumber - 1) * req.PageSize : 0).Take(req.PageSize + 1).ToListAsync(ct);
        var shown = found.Take(req.PageSize).ToList();
        var skus = shown.Select(v => v.Sku).ToList();
        var batch = session.CreateBatchQuery();
        var stockLoading = batch.LoadMany<InventoryItemView>().ById(shown.SelectMany(v => v.Product.Skus).ToArray());
        var listingsLoading = ProductListings.Load(batch, skus);
        await batch.Execute(ct);
        var stock = (await stockLoading).ToDictionary(s => s.Sku);
        var listings = ProductListings.BySku(await listingsLoading);
        var next = found.Count > req.PageSize ? sort.CursorOf(shown[^1]) : null;
        await Send.OkAsync(new ProductListResponse(
            shown.Select(v => ProductResponse.From(v, stock, categories?.PathOf(v.CategoryId),
                listings.GetValueOrDefault(v.Sku, ProductListings.None))).ToList(),
            CursorPageMeta.Of(req, total, next)), ct);
    }

    /// <summary>The statuses the list shows: those asked for (all but archived when none), and for a public key live ones only.</summary>
    private IEnumerable<string> ShownStatuses(ListProductsRequest req)
    {
        var asked = req.Status is { } status ? [status] : ProductStatus.Listed;
        return User.IsPublicKey() ? asked.Where(s => s == ProductStatus.Live) : asked;
    }
}
