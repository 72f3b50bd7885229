using System.Text.RegularExpressions;
using Marten;

namespace Commerce.Api.Access;

/// <summary>Creates and revokes API keys; the plain key exists only in what <see cref="CreateAsync"/> returns.</summary>
internal sealed partial class KeyIssuer(IDocumentStore store, TimeProvider clock, ApiKeyCache cache)
{
    public async Task<(ApiKey Key, string Token)> CreateAsync(
        string tenantId, IReadOnlyCollection<string> scopes, bool isPublic, string? name = null, string plan = "default", CancellationToken ct = default)
    {
        if (!TenantId().IsMatch(tenantId))
            throw new ArgumentException("A tenant id is 1 to 63 lowercase letters, digits, '-' or '_', starting with a letter or digit.", nameof(tenantId));
        var unknown = scopes.Except(ApiScopes.All).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"Unknown scope(s): {string.Join(", ", unknown)}. Valid: {ScopesHelp} or 'all'.", nameof(scopes));
        if (scopes.Count == 0) throw new ArgumentException("Give at least one scope.", nameof(scopes));
        if (isPublic && scopes.FirstOrDefault(s => !ApiScopes.Public.Contains(s)) is { } other)
            throw new ArgumentException(
                $"Public keys read what a storefront shows ({string.Join(", ", ApiScopes.Public)}); '{other}' needs a secret key.", nameof(scopes));

        var (key, token) = ApiKeyFormat.Issue(tenantId, isPublic ? ApiKeyKind.Public : ApiKeyKind.Secret, name ?? "",
            scopes.Distinct().Order(StringComparer.Ordinal).ToArray(), plan, clock.GetUtcNow());
        await using var session = store.LightweightSession();
        session.Insert(key);
        await session.SaveChangesAsync(ct);
        return (key, token);
    }

    public async Task<bool> RevokeAsync(string keyId, CancellationToken ct = default)
    {
        await using var session = store.LightweightSession();
        var key = await session.LoadAsync<ApiKey>(keyId, ct);
        if (key is null || key.RevokedAt is not null) return false;
        session.Store(key with { RevokedAt = clock.GetUtcNow() });
        // Heard by every node's RevocationListener when this transaction commits, and only then: a revocation that
        // rolls back evicts nothing. Revocations are rare, so the commit-time lock a NOTIFY takes costs nothing here.
        session.QueueSqlCommand("select pg_notify(?, ?)", RevocationListener.Channel, keyId);
        await session.SaveChangesAsync(ct);
        cache.Evict(keyId);   // this node at once, even while its listener reconnects
        return true;
    }

    /// <summary>Every scope a key may hold, the reserved ones (which no route checks yet) said apart.</summary>
    private static string ScopesHelp =>
        $"{string.Join(", ", ApiScopes.All.Where(s => !ApiScopes.Reserved.Contains(s)))}; " +
        $"reserved for contexts to come (accepted, checked by no route yet): {string.Join(", ", ApiScopes.All.Where(ApiScopes.Reserved.Contains))}";

    /// <summary>"all" or a comma-separated list.</summary>
    public static IReadOnlyCollection<string> ParseScopes(string scopes) =>
        scopes.Trim() == "all" ? [.. ApiScopes.All] : scopes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$")]
    private static partial Regex TenantId();
}
