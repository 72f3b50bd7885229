using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Catalog;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Catalog;

public sealed class ChangeCategoryRequest
{
    public string Id { get; set; } = "";

    public string? Name { get; set; }

    /// <summary>The new parent's id; an empty string moves the category to the top. Its subtree and products move along.</summary>
    public string? ParentId { get; set; }
}

public sealed class ChangeCategoryValidator : Validator<ChangeCategoryRequest>
{
    public ChangeCategoryValidator()
    {
        RuleFor(x => x).Must(x => x.Name is not null || x.ParentId is not null).WithName("body").WithMessage("Send name and/or parent_id.");
        RuleFor(x => x.Name).NotEmpty().When(x => x.Name is not null).WithMessage("name must not be empty.").CategoryName();
        RuleFor(x => x.ParentId).Must(p => CatalogRules.IsCategoryId(p!)).When(x => x.ParentId is { Length: > 0 })
            .WithMessage(CatalogRules.CategoryIdMessage + " An empty parent_id moves the category to the top.");
    }
}

public static class ChangeCategoryHandler
{
    public static Task<IReadOnlyList<WriteOutcome<CategoryTree>>> Handle(
        CommandBatch<ChangeCategory> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        session.DecideEachAsync<ChangeCategory, CategoryTree>(batch, CategoryDecisions.Decide, CategoryTree.Evolve, clock, ct);
}

public sealed class ChangeCategoryEndpoint : CommandEndpoint<ChangeCategoryRequest, CategoryResponse>
{
    public override void Configure()
    {
        Patch("categories/{id}");
        Policies(ApiScopes.Required(CatalogContext.UpdateCatalog));
        Description(d => d.WithTags("Catalog").WithSummary("Rename a category or move it (with its subtree and products) under another parent")
            .Produces<CategoryResponse>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(ChangeCategoryRequest req, CancellationToken ct) =>
        SendCommandAsync<ChangeCategory, CategoryTree>(
            new ChangeCategory(req.Id, req.Name, req.ParentId is { Length: > 0 } parent ? parent : null, MoveToTop: req.ParentId == ""),
            written => CategoryResponse.From(written.Result, req.Id), ct);
}
