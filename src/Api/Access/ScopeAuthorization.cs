using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Commerce.Api.Access;

/// <summary>Builds the policy behind <see cref="ApiScopes.Required"/>: an API key holding the scope, or <c>admin</c>.</summary>
internal sealed class ScopePolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (!policyName.StartsWith(ApiScopes.PolicyPrefix, StringComparison.Ordinal)) return await base.GetPolicyAsync(policyName);
        var scope = policyName[ApiScopes.PolicyPrefix.Length..];
        return new AuthorizationPolicyBuilder(ApiKeyAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => (scope == ApiScopes.AnyScope || context.User.HasScope(scope))
                && (!context.User.IsPublicKey() || PublicKeysMayUse(scope)))
            .Build();
    }

    /// <summary>A public key passes only the policies of the storefront's scopes (the OpenAPI document declares it there too).</summary>
    public static bool PublicKeysMayUse(string scope) => ApiScopes.Public.Contains(scope);

    /// <summary>The scopes an endpoint's policies require (<see cref="ApiScopes.AnyScope"/> for "any secret key").</summary>
    public static IReadOnlyList<string> RequiredScopes(IEnumerable<object> endpointMetadata) =>
        endpointMetadata.OfType<IAuthorizeData>()
            .Select(a => a.Policy)
            .Where(p => p?.StartsWith(ApiScopes.PolicyPrefix, StringComparison.Ordinal) == true)
            .Select(p => p![ApiScopes.PolicyPrefix.Length..])
            .ToList();

    /// <summary>The scope an endpoint requires, for naming it in a 403.</summary>
    public static string? RequiredScope(Endpoint? endpoint) => endpoint is null ? null : RequiredScopes(endpoint.Metadata).FirstOrDefault();
}
