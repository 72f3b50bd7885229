using System.Security.Cryptography;
using System.Text;

namespace Commerce.Api.Orders;

/// <summary>Order ids: <c>ord_</c> and 16 Crockford base32 characters; return ids alike with <c>ret_</c>.</summary>
internal static class OrderIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>An order's id is its stream's key, so no SKU may start with it (<c>InventoryRules.SkuPattern</c>).</summary>
    public const string Prefix = "ord_";

    public static string New() => Of(Prefix, RandomNumberGenerator.GetBytes(10));

    public static string NewReturn() => Of("ret_", RandomNumberGenerator.GetBytes(10));

    /// <summary>
    /// An imported order's id is derived from its channel and channel order id, so importing the same marketplace order
    /// again (on any node, at the same time even) addresses the same stream and finds the first.
    /// </summary>
    public static string OfImport(string channel, string channelOrderId) =>
        Of(Prefix, SHA256.HashData(Encoding.UTF8.GetBytes($"{channel}\n{channelOrderId}"))[..10]);

    private static string Of(string prefix, byte[] tenBytes)
    {
        var id = new StringBuilder(prefix, 20);
        var bits = 0;
        var buffer = 0;
        foreach (var b in tenBytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                id.Append(Alphabet[(buffer >> bits) & 31]);
            }
        }
        return id.ToString();
    }
}
