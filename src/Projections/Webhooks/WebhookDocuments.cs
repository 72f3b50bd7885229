using System.Security.Cryptography;
using System.Text;
using Commerce.Domain.Webhooks;
using JasperFx.Events;

namespace Commerce.Projections.Webhooks;

/// <summary>Deliveries as the dispatcher and replays create them, from stored events.</summary>
public static class WebhookDeliveries
{
    /// <summary>The delivery of a stored event to one webhook; a replay names itself so its deliveries are new ones.</summary>
    public static WebhookDelivery Of(string webhookId, IEvent e, string eventName, object data, string? replayId, DateTimeOffset now)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{webhookId}|{e.Id:N}|{replayId}"));
        var id = "dlv_" + Convert.ToHexStringLower(hash)[..24];
        return new WebhookDelivery
        {
            Id = id, WebhookId = webhookId, Event = eventName, EventSequence = e.Sequence, ReplayId = replayId, CreatedAt = now,
            Payload = new WebhookPayload(id, eventName, e.Timestamp, data, replayId is not null).Serialize(),
            SortKey = $"{now.UtcTicks:D19}.{e.Sequence:D19}.{id}"
        };
    }
}

/// <summary>The dispatcher's own fold of a webhook, as of the last event it read: which names it receives, in event order.</summary>
public sealed record WebhookRoute(string Id, Webhook Webhook);

/// <summary>
/// Signing secrets, kept out of the event store so rotation and deletion really forget them. Stored as written: they
/// must stay usable for HMAC, so a one-way hash cannot serve.
/// </summary>
public sealed record WebhookSecrets(string Id, string Current, string? Previous, DateTimeOffset? PreviousValidUntil)
{
    public IReadOnlyList<string> SigningAt(DateTimeOffset now) =>
        Previous is not null && PreviousValidUntil > now ? [Current, Previous] : [Current];
}
