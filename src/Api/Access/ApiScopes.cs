using System.Collections.Frozen;

namespace Commerce.Api.Access;

/// <summary>The scopes a key can hold: the seeds' names, extended for our contexts.</summary>
public static class ApiScopes
{
    public const string ReadInventory = "read_inventory";
    public const string UpdateInventory = "update_inventory";
    public const string ManageWebhooks = "manage_webhooks";
    public const string Admin = "admin";
    public const string ReadAudit = "read_audit";
    public const string ReadEvents = "read_events";

    /// <summary>Any valid secret key; routes using it check a scope that depends on the request themselves.</summary>
    public static readonly string AnySecretKey = PolicyPrefix + AnyScope;

    internal const string AnyScope = "*";

    public static readonly IReadOnlyList<string> All =
    [
        "read_catalog", "update_catalog", "create_catalog",
        ReadInventory, UpdateInventory,
        "read_orders", "update_orders", "create_orders",
        "read_customers", "update_customers", "create_customers",
        "read_deals", "update_deals", "create_deals",
        "read_discount_coupons", "update_discount_coupons", "create_discount_coupons",
        ManageWebhooks, ReadAudit, ReadEvents, Admin
    ];

    /// <summary>
    /// The scopes of contexts still to come: a key may hold them already, but no route checks them yet. A context
    /// that lands takes its resource off this list.
    /// </summary>
    public static readonly IReadOnlySet<string> Reserved = All
        .Where(scope => scope[(scope.IndexOf('_') + 1)..] is "catalog" or "orders" or "customers" or "deals" or "discount_coupons")
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>What a public (storefront) key may hold: reads only.</summary>
    public static bool IsReadOnly(string scope) => scope.StartsWith("read_", StringComparison.Ordinal);

    /// <summary>The authorization policy name that requires <paramref name="scope"/> (or <c>admin</c>).</summary>
    public static string Required(string scope) => PolicyPrefix + scope;

    internal const string PolicyPrefix = "scope:";
}
