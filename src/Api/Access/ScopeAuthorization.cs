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
            .RequireAssertion(context => scope == ApiScopes.AnyScope
                ? !context.User.IsPublicKey()
                : context.User.HasScope(scope) && (ApiScopes.IsReadOnly(scope) || !context.User.IsPublicKey()))
            .Build();
    }

    /// <summary>The scope an endpoint requires, for naming it in a 403.</summary>
    public static string? RequiredScope(Endpoint? endpoint) =>
        endpoint?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Policy)
            .FirstOrDefault(p => p?.StartsWith(ApiScopes.PolicyPrefix, StringComparison.Ordinal) == true)?[ApiScopes.PolicyPrefix.Length..];
}
