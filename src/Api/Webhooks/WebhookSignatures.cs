using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Commerce.Domain.Webhooks;

namespace Commerce.Api.Webhooks;

/// <summary>
/// Webhook secrets and the signatures made with them. Two schemes sign every request:
/// <list type="bullet">
/// <item><c>X-Signature: sha256=&lt;hex HMAC-SHA256(key = UTF-8 of the secret as shown, raw body)&gt;</c> (the seed's scheme);</item>
/// <item>Standard Webhooks: <c>webhook-signature: v1,&lt;base64 HMAC-SHA256(key, id.timestamp.body)&gt;</c> with key = base64-decode
/// of the part after <c>whsec_</c> (a secret of another form: its UTF-8 bytes).</item>
/// </list>
/// During a rotation's grace period both secrets sign: one entry each, newest first (", " between X-Signature entries, " " in webhook-signature).
/// </summary>
internal static class WebhookSignatures
{
    private const string Prefix = WebhookSecret.StandardPrefix;
    public const string SignatureHeader = "X-Signature";
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string StandardSignatureHeader = "webhook-signature";
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A secret a person chose: printable ASCII, and a <c>whsec_</c> one must decode, so standard verifiers accept it.</summary>
    public static bool IsUsable(string secret) =>
        secret.Length is >= MinSecretLength and <= MaxSecretLength && secret.All(c => c is > ' ' and < '\u007f')
        && (!secret.StartsWith(Prefix, StringComparison.Ordinal) || StandardKey(secret) is { Length: >= 16 });

    public static IEnumerable<KeyValuePair<string, string>> Headers(string deliveryId, DateTimeOffset sentAt, byte[] body, IReadOnlyList<string> secrets)
    {
        var timestamp = sentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signedContent = Encoding.UTF8.GetBytes($"{deliveryId}.{timestamp}.").Concat(body).ToArray();
        yield return new(SignatureHeader, string.Join(", ",
            secrets.Select(s => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(s), body)))));
        yield return new(IdHeader, deliveryId);
        yield return new(TimestampHeader, timestamp);
        yield return new(StandardSignatureHeader, string.Join(" ",
            secrets.Select(s => "v1," + Convert.ToBase64String(HMACSHA256.HashData(StandardKey(s) ?? Encoding.UTF8.GetBytes(s), signedContent)))));
    }

    private static byte[]? StandardKey(string secret)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var encoded = secret[Prefix.Length..];
        var buffer = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, buffer, out var written) ? buffer[..written] : null;
    }
}
