using System.Text.RegularExpressions;
using Commerce.Api.Catalog;
using Commerce.Api.Orders;
using Commerce.Api.Webhooks;
using Commerce.Domain.Catalog;
using Commerce.Domain.Profile;

namespace Commerce.Api.Inventory;

internal static partial class InventoryRules
{
    /// <summary>The prefixes of the ids the API generates for streams of their own (orders, products, webhooks, syncs).</summary>
    public const string ReservedPrefixes = $"{OrderIds.Prefix}|{CatalogRules.ProductIdPrefix}|{WebhookRules.WebhookIdPrefix}|{WebhookRules.SyncIdPrefix}";

    /// <summary>The shape of the ids of customers, deals, vehicles and dealership stores: a UUID, hyphenated.</summary>
    private const string Uuid = "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}";

    /// <summary>
    /// Not <c>store</c> or <c>categories</c>, nor starting with a reserved prefix (<c>ord_</c>, ...), nor a UUID: those
    /// are the stream keys of the store profile, the category tree and the records with generated ids, which a SKU's
    /// stream would share (docs/architecture.md, "Stream keys").
    /// </summary>
    public const string SkuPattern =
        $"^(?!(?:{StoreProfile.StreamId}|{CategoryTree.StreamId}|{Uuid})$)(?!(?:{ReservedPrefixes}))[A-Za-z0-9][A-Za-z0-9._-]{{0,63}}$";
    public const string SkuMessage = "A SKU is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, not 'store' or " +
        $"'categories', and not starting with {OrderIds.Prefix}, {CatalogRules.ProductIdPrefix}, {WebhookRules.WebhookIdPrefix} or {WebhookRules.SyncIdPrefix} (ids of other records), and not a UUID (the id of a customer, deal, vehicle or store).";
    public const string ChannelMessage = "Channel ids are 1 to 64 lowercase letters, digits, '_', '.' or '-' (e.g. amazon_in).";

    public static bool IsChannel(string channel) => ChannelId().IsMatch(channel);

    public static bool IsSku(string sku) => Sku().IsMatch(sku);

    [GeneratedRegex(SkuPattern)]
    private static partial Regex Sku();

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]{0,63}$")]
    private static partial Regex ChannelId();
}
