using Commerce.Api.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Commerce.Api.Http;

/// <summary>
/// The API keys in the OpenAPI document: two bearer schemes (secret and public keys), and on every operation the ones
/// its authorization policies let through, with the scopes they name, read from the endpoint's metadata as
/// <see cref="ScopePolicyProvider"/> reads it. A new route is described by declaring its policy, nothing more.
/// </summary>
internal static class OpenApiSecurity
{
    private const string SecretKey = "secret_key";
    private const string PublicKey = "public_key";

    public static Task DescribeSchemes(OpenApiDocument document, OpenApiDocumentTransformerContext _, CancellationToken __)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecretKey] = Bearer("cc_sk_key_<16 hex>_<64 hex>",
            "A secret API key (`cc_sk_...`) as `Authorization: Bearer <key>`, for servers. It may call every route whose " +
            "scopes it holds; an operation lists the scopes it needs, and a key with `admin` passes every scope check.");
        document.Components.SecuritySchemes[PublicKey] = Bearer("cc_pk_key_<16 hex>_<64 hex>",
            "A public, read-only API key (`cc_pk_...`) as `Authorization: Bearer <key>`, for storefront code. It may call " +
            "only the storefront's reads that list it (live products, categories, the public profile), holding the scope listed.");
        return Task.CompletedTask;
    }

    public static Task DescribeRequirements(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any()) return Task.CompletedTask;

        var scopes = ScopePolicyProvider.RequiredScopes(metadata);
        var named = scopes.Where(s => s != ApiScopes.AnyScope).ToList();   // "any secret key" names no scope
        operation.Security = [Requirement(SecretKey, named, context.Document)];
        if (scopes.All(ScopePolicyProvider.PublicKeysMayUse))
            operation.Security.Add(Requirement(PublicKey, named, context.Document));
        return Task.CompletedTask;
    }

    private static OpenApiSecurityScheme Bearer(string format, string description) => new()
    {
        Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = format, Description = description
    };

    // OpenAPI 3.1 lets a requirement of a non-OAuth scheme list role names: here the scopes the key must hold.
    private static OpenApiSecurityRequirement Requirement(string scheme, List<string> scopes, OpenApiDocument? document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [.. scopes] };
}
