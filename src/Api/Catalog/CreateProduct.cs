using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Catalog;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Catalog;

public sealed class CreateProductRequest : ProductFieldsRequest
{
    /// <summary>The product's SKU, unique in the store; its stock is the SKU's inventory (tracked already or from now on).</summary>
    public string? Sku { get; set; }
}

public sealed class CreateProductValidator : Validator<CreateProductRequest>
{
    public CreateProductValidator()
    {
        Include(new ProductFieldsRules());
        RuleFor(x => x.Sku).NotEmpty().WithMessage("sku is required.").ProductSku().When(x => !string.IsNullOrEmpty(x.Sku), ApplyConditionTo.CurrentValidator);
        RuleFor(x => x.Name).NotNull().WithMessage("name is required.");
        RuleFor(x => x.Price).NotNull().WithMessage("price is required.");
        RuleFor(x => x.Variants!).Must((x, variants) => variants.All(v => v?.Sku != x.Sku)).When(x => x.Variants is not null)
            .WithMessage("A variant needs a SKU of its own, not the product's.");
        RuleFor(x => x.IfMatch).Null().WithMessage("If-Match applies to PATCH and DELETE; a new product has no version yet.");
    }
}

public static class CreateProductHandler
{
    public static Task<IReadOnlyList<WriteOutcome<ProductWritten>>> Handle(
        CommandBatch<CreateProduct> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        session.DecideEachAsync<CreateProduct>(batch, ProductDecisions.Decide, clock, ct);
}

public sealed class CreateProductEndpoint : CommandEndpoint<CreateProductRequest, ProductResponse>
{
    public override void Configure()
    {
        Post("products");
        Policies(ApiScopes.Required(CatalogContext.CreateCatalog));
        Description(d => d.WithTags("Catalog").WithSummary("Add a product to the catalog").Produces<ProductResponse>(201).ProducesWriteProblems());
    }

    public override Task HandleAsync(CreateProductRequest req, CancellationToken ct)
    {
        var details = new ProductDetails(req.Name!, req.Price!.Value, req.Status ?? ProductStatus.Draft, NullIfEmpty(req.CategoryId),
            NullIfEmpty(req.Brand), req.Cogs, req.Images ?? [], NullIfEmpty(req.Description), req.Attributes ?? [], req.OptionsGiven(), req.VariantsGiven());
        var command = new CreateProduct(CatalogRules.NewProductId(), req.Sku!, details, req.Stock, req.VariantStockGiven());
        return SendCommandAsync<CreateProduct, ProductWritten>(command,
            written => ProductResponse.From(written.Result, written.Version, written.At), ct, 201,
            product => $"/v1/products/{product.Product.Id}");
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
