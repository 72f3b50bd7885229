using Commerce.Domain.Common;

namespace Commerce.Domain.Webhooks;

/// <summary>The rules of a webhook's stream; each use case's file adds its <c>Decide</c> overload.</summary>
public static partial class WebhookDecisions
{
    public const string WebhookDisabledCode = "webhook_disabled";

    private static Decision NotFound(string webhookId) => Decision.Reject(ErrorKind.NotFound, "not_found", $"Webhook {webhookId} does not exist.");

    // One spelling per subscription, so equal sets compare equal and lists read the same every time.
    private static string[] Normalize(IEnumerable<string> names) => names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
