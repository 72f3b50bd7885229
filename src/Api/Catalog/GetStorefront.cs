using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.Profile;
using Commerce.Domain.Profile;
using Commerce.Projections.Profile;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Catalog;

/// <summary>
/// <c>GET /v1/storefront</c>: the store's public details for storefront code (Ecwid's <c>public_storefront</c> scope): its
/// profile without the contact email.
/// </summary>
public sealed class GetStorefrontEndpoint(IQuerySession session) : EndpointWithoutRequest<StoreProfileResponse>
{
    public override void Configure()
    {
        Get("storefront");
        Policies(ApiScopes.Required(CatalogContext.PublicStorefront));
        Description(d => d.ClearDefaultAccepts().WithTags("Catalog").WithSummary("The store's public details (name, currency, time zone)")
            .Produces<StoreProfileResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await session.LoadAsync<StoreProfileView>(StoreProfile.StreamId, ct) is not { } view)
        {
            await Send.ResultAsync(Problems.For(HttpContext, 404, "not_found", "The store has no profile yet."));
            return;
        }
        HttpContext.Response.Headers.ETag = ETags.Of(view.Version);
        await Send.OkAsync(StoreProfileResponse.From(view.Profile, view.Version, view.UpdatedAt, withEmail: false), ct);
    }
}
