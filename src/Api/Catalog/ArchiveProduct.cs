using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Catalog;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Catalog;

public sealed class ArchiveProductRequest : ConditionalRequest
{
    public string Id { get; set; } = "";
}

public sealed class ArchiveProductValidator : Validator<ArchiveProductRequest>
{
    public ArchiveProductValidator() => Include(new IfMatchRules());
}

public static class ArchiveProductHandler
{
    public static Task<IReadOnlyList<WriteOutcome<ProductWritten>>> Handle(
        CommandBatch<ArchiveProduct> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        session.DecideEachAsync<ArchiveProduct>(batch, ProductDecisions.Decide, clock, ct);
}

/// <summary><c>DELETE /v1/products/{id}</c> archives: the product leaves lists and storefronts, and keeps its history and SKU.</summary>
public sealed class ArchiveProductEndpoint(IQuerySession session) : ProductCommandEndpoint<ArchiveProductRequest>(session)
{
    public override void Configure()
    {
        Delete("products/{id}");
        Policies(ApiScopes.Required(CatalogContext.UpdateCatalog));
        Description(d => d.ClearDefaultAccepts().WithTags("Catalog").WithSummary("Archive a product (it leaves lists, keeps its history)")
            .Produces<ProductResponse>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(ArchiveProductRequest req, CancellationToken ct) =>
        SendProductCommandAsync(req.Id, sku => new ArchiveProduct(req.Id, sku, req.ExpectedVersion()), ct);
}
