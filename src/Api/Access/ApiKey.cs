using System.Security.Cryptography;
using System.Text;

namespace Commerce.Api.Access;

public enum ApiKeyKind { Secret, Public }

/// <summary>
/// A stored API key. Only the SHA-256 of its secret part is kept: the key has 256 random bits, so a fast hash
/// is enough and a leaked table reveals no usable key. Global (not tenanted): the key is what names the tenant.
/// </summary>
public sealed record ApiKey
{
    public string Id { get; init; } = "";
    public string TenantId { get; init; } = "";
    public ApiKeyKind Kind { get; init; }
    public string Name { get; init; } = "";
    public string[] Scopes { get; init; } = [];
    public string Plan { get; init; } = "default";
    public string SecretHash { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>The key format <c>cc_sk_&lt;id&gt;_&lt;secret&gt;</c> (public keys <c>cc_pk_</c>), and how it is checked.</summary>
public static class ApiKeyFormat
{
    private const string SecretPrefix = "cc_sk_";
    private const string PublicPrefix = "cc_pk_";

    public static (ApiKey Key, string Token) Issue(string tenantId, ApiKeyKind kind, string name, string[] scopes, string plan, DateTimeOffset now)
    {
        var id = "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Id = id, TenantId = tenantId, Kind = kind, Name = name, Scopes = scopes, Plan = plan,
            SecretHash = Hash(secret), CreatedAt = now
        };
        return (key, $"{(kind == ApiKeyKind.Secret ? SecretPrefix : PublicPrefix)}{id}_{secret}");
    }

    /// <summary>Splits a presented token into its key id and secret; false for anything not shaped like our keys.</summary>
    public static bool TryParse(string token, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (!token.StartsWith(SecretPrefix, StringComparison.Ordinal) && !token.StartsWith(PublicPrefix, StringComparison.Ordinal)) return false;
        var parts = token[SecretPrefix.Length..].Split('_');
        if (parts is not ["key", var id, var s] || id.Length != 16 || s.Length != 64) return false;
        keyId = "key_" + id;
        secret = s;
        return true;
    }

    public static bool Matches(ApiKey key, string token, string secret) =>
        key.RevokedAt is null
        && token.StartsWith(key.Kind == ApiKeyKind.Secret ? SecretPrefix : PublicPrefix, StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(key.SecretHash));

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));
}
