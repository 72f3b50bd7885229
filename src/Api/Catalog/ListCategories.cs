using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Domain.Catalog;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Catalog;

public sealed class ListCategoriesRequest : PagedRequest
{
    /// <summary>Only the categories right under this one; an empty string: the top-level ones.</summary>
    public string? Parent { get; set; }
}

public sealed class ListCategoriesValidator : Validator<ListCategoriesRequest>
{
    public ListCategoriesValidator()
    {
        Include(new PagingRules());
        RuleFor(x => x.Parent).Must(p => CatalogRules.IsCategoryId(p!)).When(x => x.Parent is { Length: > 0 }).WithMessage(CatalogRules.CategoryIdMessage);
    }
}

public sealed record CategoryListResponse(IReadOnlyList<CategoryResponse> Data, PageMeta Meta) : PagedList<CategoryResponse>(Data, Meta);

/// <summary>
/// <c>GET /v1/categories</c>: the tree in path order (a parent before its children). A store's tree is small and read
/// whole from its snapshot, the state its writes leave; public keys read it too.
/// </summary>
public sealed class ListCategoriesEndpoint(IQuerySession session) : Endpoint<ListCategoriesRequest, CategoryListResponse>
{
    public override void Configure()
    {
        Get("categories");
        Policies(ApiScopes.Required(CatalogContext.ReadCatalog));
        Description(d => d.ClearDefaultAccepts().WithTags("Catalog").WithSummary("The category tree, parents first")
            .Produces<CategoryListResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListCategoriesRequest req, CancellationToken ct)
    {
        var tree = await session.LoadAsync<CategoryTree>(CategoryTree.StreamId, ct) ?? CategoryTree.Empty;
        var parent = req.Parent is { Length: > 0 } id ? id : null;
        var all = tree.Nodes.Keys.Where(id => req.Parent is null || tree.Nodes[id].ParentId == parent)
            .Select(id => CategoryResponse.From(tree, id))
            .OrderBy(c => string.Join('\u0001', tree.Lineage(c.Id).Select(i => tree.Nodes[i].Name)), StringComparer.OrdinalIgnoreCase)
            .ToList();
        var page = all.Skip((req.PageNumber - 1) * req.PageSize).Take(req.PageSize).ToList();
        await Send.OkAsync(new CategoryListResponse(page, PageMeta.Of(req, all.Count)), ct);
    }
}

public sealed class GetCategoryRequest
{
    public string Id { get; set; } = "";
}

public sealed class GetCategoryEndpoint(IQuerySession session) : Endpoint<GetCategoryRequest, CategoryResponse>
{
    public override void Configure()
    {
        Get("categories/{id}");
        Policies(ApiScopes.Required(CatalogContext.ReadCatalog));
        Description(d => d.ClearDefaultAccepts().WithTags("Catalog").WithSummary("One category with its path").Produces<CategoryResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(GetCategoryRequest req, CancellationToken ct)
    {
        if (await session.LoadAsync<CategoryTree>(CategoryTree.StreamId, ct) is { } tree && tree.Has(req.Id))
            await Send.OkAsync(CategoryResponse.From(tree, req.Id), ct);
        else
            await Send.ResultAsync(Problems.For(HttpContext, 404, "not_found", $"Category {req.Id} does not exist."));
    }
}
