using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Commerce.Api.Access;

/// <summary>Authenticates <c>Authorization: Bearer &lt;key&gt;</c> against the stored key hashes.</summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyCache keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Use 'Authorization: Bearer <key>'.");

        var token = header["Bearer ".Length..].Trim();
        if (!ApiKeyFormat.TryParse(token, out var keyId, out var secret)) return AuthenticateResult.Fail("Malformed API key.");

        var key = await keys.FindAsync(keyId, Context.RequestAborted);
        if (key is null || !ApiKeyFormat.Matches(key, token, secret)) return AuthenticateResult.Fail("Unknown or revoked API key.");

        Claim[] claims =
        [
            new(ClaimsPrincipalExtensions.TenantClaim, key.TenantId),
            new(ClaimsPrincipalExtensions.KeyIdClaim, key.Id),
            new(ClaimsPrincipalExtensions.KeyKindClaim, key.Kind == ApiKeyKind.Secret ? "secret" : "public"),
            new(ClaimsPrincipalExtensions.PlanClaim, key.Plan),
            .. key.Scopes.Select(s => new Claim(ClaimsPrincipalExtensions.ScopeClaim, s))
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}

public static class ClaimsPrincipalExtensions
{
    internal const string TenantClaim = "tenant";
    internal const string KeyIdClaim = "key_id";
    internal const string KeyKindClaim = "key_kind";
    internal const string PlanClaim = "plan";
    internal const string ScopeClaim = "scope";

    public static string TenantId(this ClaimsPrincipal user) =>
        user.FindFirstValue(TenantClaim) ?? throw new InvalidOperationException("The request is not authenticated with an API key.");

    public static string? KeyId(this ClaimsPrincipal user) => user.FindFirstValue(KeyIdClaim);

    public static string? Plan(this ClaimsPrincipal user) => user.FindFirstValue(PlanClaim);

    public static bool IsPublicKey(this ClaimsPrincipal user) => user.FindFirstValue(KeyKindClaim) == "public";

    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.HasClaim(ScopeClaim, scope) || user.HasClaim(ScopeClaim, ApiScopes.Admin);
}
