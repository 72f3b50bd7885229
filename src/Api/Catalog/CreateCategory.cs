using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Catalog;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Catalog;

public sealed class CreateCategoryRequest
{
    public string? Name { get; set; }

    /// <summary>The parent category's id; none puts the category at the top.</summary>
    public string? ParentId { get; set; }
}

public sealed class CreateCategoryValidator : Validator<CreateCategoryRequest>
{
    public CreateCategoryValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("name is required.").CategoryName();
        RuleFor(x => x.ParentId).Must(p => CatalogRules.IsCategoryId(p!)).When(x => x.ParentId is not null).WithMessage(CatalogRules.CategoryIdMessage);
    }
}

public static class CreateCategoryHandler
{
    public static Task<IReadOnlyList<WriteOutcome<CategoryTree>>> Handle(
        CommandBatch<CreateCategory> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        session.DecideEachAsync<CreateCategory, CategoryTree>(batch, CategoryDecisions.Decide, CategoryTree.Evolve, clock, ct);
}

public sealed class CreateCategoryEndpoint : CommandEndpoint<CreateCategoryRequest, CategoryResponse>
{
    public override void Configure()
    {
        Post("categories");
        Policies(ApiScopes.Required(CatalogContext.CreateCatalog));
        Description(d => d.WithTags("Catalog").WithSummary("Add a category, at the top or under a parent").Produces<CategoryResponse>(201).ProducesWriteProblems());
    }

    public override Task HandleAsync(CreateCategoryRequest req, CancellationToken ct)
    {
        var id = CatalogRules.NewCategoryId();
        return SendCommandAsync<CreateCategory, CategoryTree>(new CreateCategory(id, req.Name!, req.ParentId),
            written => CategoryResponse.From(written.Result, id), ct, 201, _ => $"/v1/categories/{id}");
    }
}
