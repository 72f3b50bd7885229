using System.Security.Cryptography;
using System.Text;
using Commerce.Domain.Webhooks;
using JasperFx.Events;

namespace Commerce.Projections.Webhooks;

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";              // will be retried at next_retry_at
    public const string DeadLettered = "dead_lettered";  // the retry schedule is spent; POST .../retry sends it again
    public const string Skipped = "skipped";            // the webhook was disabled or deleted before it could be sent

    public static readonly string[] All = [Pending, Succeeded, Failed, DeadLettered, Skipped];
}

/// <summary>
/// One event for one webhook: the body is fixed when the delivery is created, so every attempt sends the same bytes.
/// Its id is derived from the webhook and the event (and replay), so creating it twice creates it once.
/// </summary>
public sealed record WebhookDelivery
{
    public string Id { get; init; } = "";
    public string WebhookId { get; init; } = "";
    public string Event { get; init; } = "";
    public long EventSequence { get; init; }
    public string? ReplayId { get; init; }
    public string Payload { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string Status { get; init; } = DeliveryStatus.Pending;
    public int Attempts { get; init; }

    /// <summary>How many automatic retries were scheduled so far (an index into the retry schedule).</summary>
    public int RetryStep { get; init; }

    /// <summary>Bumped whenever a send is scheduled; a message of an older generation is stale and does nothing.</summary>
    public int Generation { get; init; } = 1;

    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset? LastAttemptAt { get; init; }
    public int? ResponseCode { get; init; }
    public int? LatencyMs { get; init; }
    public string? Error { get; init; }

    /// <summary>Orders the delivery log (newest first) and is what its cursor names.</summary>
    public string SortKey { get; init; } = "";

    public bool IsFinal => Status is DeliveryStatus.Succeeded or DeliveryStatus.DeadLettered or DeliveryStatus.Skipped;

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

/// <summary>
/// The sender's memory of a failing receiver: since when nothing succeeded, and the one delivery that probes it while the
/// others wait (so a dead receiver costs one timeout per retry step, not one per queued delivery).
/// </summary>
public sealed record WebhookHealth(string Id, DateTimeOffset? FailingSince, string? ProbeDeliveryId, DateTimeOffset? BlockedUntil);
