using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Commerce.Api.Access;

internal static class ApiKeysHosting
{
    /// <summary>Keys, their authentication and scope policies, and the listener that makes revocations hold on every node.</summary>
    public static IServiceCollection AddApiKeys(this IServiceCollection services, string connectionString)
    {
        services.AddMemoryCache();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<KeyIssuer>();
        services.AddSingleton(RevocationListener.Connection.From(connectionString));
        services.AddSingleton<RevocationListener>();
        services.AddHostedService(sp => sp.GetRequiredService<RevocationListener>());

        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddSingleton<IAuthorizationPolicyProvider, ScopePolicyProvider>();
        services.AddAuthorization();
        return services;
    }
}
