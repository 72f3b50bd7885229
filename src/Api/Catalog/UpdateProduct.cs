using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Catalog;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Catalog;

public sealed class UpdateProductRequest : ProductFieldsRequest
{
    public string Id { get; set; } = "";
}

public sealed class UpdateProductValidator : Validator<UpdateProductRequest>
{
    public UpdateProductValidator()
    {
        Include(new ProductFieldsRules());
        RuleFor(x => x)
            .Must(x => x.Name is not null || x.Price is not null || x.Stock is not null || x.Status is not null || x.CategoryId is not null
                       || x.Brand is not null || x.Cogs is not null || x.Images is not null || x.Description is not null || x.Attributes is not null
                       || x.Options is not null || x.Variants is not null)
            .WithName("body")
            .WithMessage("Send at least one of: name, price, stock, status, category_id, brand, cogs, images, description, attributes, options, variants.");
    }
}

public static class UpdateProductHandler
{
    public static Task<IReadOnlyList<WriteOutcome<ProductWritten>>> Handle(
        CommandBatch<UpdateProduct> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        session.DecideEachAsync<UpdateProduct>(batch, ProductDecisions.Decide, clock, ct);
}

public sealed class UpdateProductEndpoint(IQuerySession session) : ProductCommandEndpoint<UpdateProductRequest>(session)
{
    public override void Configure()
    {
        Patch("products/{id}");
        Policies(ApiScopes.Required(CatalogContext.UpdateCatalog));
        Description(d => d.WithTags("Catalog").WithSummary("Change a product's fields (only those sent); stock sets its SKU's inventory")
            .Produces<ProductResponse>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(UpdateProductRequest req, CancellationToken ct)
    {
        var changes = new ProductChanges(req.Name, req.Price, req.Status, req.CategoryId, req.Brand, req.Cogs, req.Images, req.Description, req.Attributes,
            req.OptionsGiven(), req.VariantsGiven());
        return SendProductCommandAsync(req.Id, sku => new UpdateProduct(req.Id, sku, changes, req.Stock, req.ExpectedVersion(), req.VariantStockGiven()), ct);
    }
}
