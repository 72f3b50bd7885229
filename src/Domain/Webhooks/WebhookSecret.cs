namespace Commerce.Domain.Webhooks;

/// <summary>What events and answers may show of a signing secret: never the secret, only its kind and last characters.</summary>
public static class WebhookSecret
{
    public const string StandardPrefix = "whsec_";

    public static string Mask(string secret) =>
        (secret.StartsWith(StandardPrefix, StringComparison.Ordinal) ? StandardPrefix : "") + "••••" + secret[^4..];
}
