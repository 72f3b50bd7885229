using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Domain.Catalog;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Catalog;

public sealed class ListBrandsRequest : PagedRequest
{
    /// <summary>Case-insensitive substring of the brand's name.</summary>
    public string? Q { get; set; }
}

public sealed class ListBrandsValidator : Validator<ListBrandsRequest>
{
    public ListBrandsValidator()
    {
        Include(new PagingRules());
        RuleFor(x => x.Q).Length(1, 100).When(x => x.Q is not null).WithMessage("q is 1 to 100 characters.");
    }
}

/// <summary>A brand and how many of the catalog's products (archived ones aside) carry it.</summary>
public sealed record BrandResponse(string Name, long ProductCount);

public sealed record BrandListResponse(IReadOnlyList<BrandResponse> Data, PageMeta Meta) : PagedList<BrandResponse>(Data, Meta);

/// <summary>
/// <c>GET /v1/brands</c>: the brands the products carry, by name, with their product counts (a brand is a product's field,
/// so it exists while a product carries it). <c>GET /v1/products?brand=</c> filters by one.
/// </summary>
public sealed class ListBrandsEndpoint(IQuerySession session) : Endpoint<ListBrandsRequest, BrandListResponse>
{
    public override void Configure()
    {
        Get("brands");
        Policies(ApiScopes.Required(CatalogContext.ReadCatalog));
        Description(d => d.ClearDefaultAccepts().WithTags("Catalog").WithSummary("The brands of the catalog's products, with counts")
            .Produces<BrandListResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListBrandsRequest req, CancellationToken ct)
    {
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.mt_doc_productview";
        // Grouped in SQL through the (tenant, brand) index: one row back, the page of brands and their number.
        var pages = await session.QueryAsync<BrandPage>(
            $"""
             with brands as (
               select brand, count(*) as n from {table}
               where tenant_id = ? and brand is not null and status <> ? and (? or status = ?) and (? = '' or brand ilike ?)
               group by brand)
             select json_build_object('Total', (select count(*) from brands), 'Data', coalesce((
               select json_agg(json_build_object('Name', brand, 'ProductCount', n) order by brand)
               from (select * from brands order by brand limit ? offset ?) page), '[]'::json))
             """, ct, session.TenantId, ProductStatus.Archived, !User.IsPublicKey(), ProductStatus.Live, req.Q ?? "",
            req.Q is null ? "" : ProductSearch.Pattern(req.Q), req.PageSize, (req.PageNumber - 1) * req.PageSize);
        var page = pages.Single();
        await Send.OkAsync(new BrandListResponse(page.Data, PageMeta.Of(req, page.Total)), ct);
    }

    private sealed record BrandPage(long Total, List<BrandResponse> Data);
}
