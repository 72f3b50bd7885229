using Commerce.Api.Hosting;

namespace Commerce.Api.Access;

/// <summary>The scopes a key can hold: the seeds' names, extended for our contexts.</summary>
public static class ApiScopes
{
    public const string Admin = "admin";
    public const string ReadAudit = "read_audit";
    public const string ReadEvents = "read_events";

    /// <summary>Any valid secret key; routes using it check a scope that depends on the request themselves.</summary>
    public static readonly string AnySecretKey = PolicyPrefix + AnyScope;

    internal const string AnyScope = "*";

    /// <summary>The seeds' scopes of contexts still to come: keys may hold them; no route checks them yet.</summary>
    public static readonly IReadOnlyList<string> Reserved =
    [
        "read_discount_coupons", "update_discount_coupons", "create_discount_coupons"
    ];

    /// <summary>Every context's scopes, the cross-cutting ones, and the reserved ones.</summary>
    public static readonly IReadOnlyList<string> All =
        [.. CommerceContext.All.SelectMany(c => c.Scopes), ReadAudit, ReadEvents, Admin, .. Reserved];

    /// <summary>A scope that only reads.</summary>
    public static bool IsReadOnly(string scope) => scope.StartsWith("read_", StringComparison.Ordinal);

    /// <summary>What a public (storefront) key may hold and use: the contexts' storefront reads (live products, categories, the public profile).</summary>
    public static readonly IReadOnlyList<string> Public = [.. CommerceContext.All.SelectMany(c => c.PublicScopes)];

    /// <summary>The authorization policy name that requires <paramref name="scope"/> (or <c>admin</c>).</summary>
    public static string Required(string scope) => PolicyPrefix + scope;

    internal const string PolicyPrefix = "scope:";
}
