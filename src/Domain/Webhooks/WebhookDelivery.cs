namespace Commerce.Domain.Webhooks;

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
/// One event for one webhook, and how far its sending got; <see cref="DeliveryDecisions"/> is the only place that
/// changes it. The body is fixed when the delivery is created, so every attempt sends the same bytes. Its id is
/// derived from the webhook and the event (and replay), so creating it twice creates it once. Stored as a document
/// as it is (Projections' <c>WebhookDeliveries</c> creates it from a stored event).
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
}

/// <summary>
/// The sender's memory of a failing receiver: since when nothing succeeded, and the one delivery that probes it while the
/// others wait (so a dead receiver costs one timeout per retry step, not one per queued delivery). None: healthy.
/// </summary>
public sealed record WebhookHealth(string Id, DateTimeOffset? FailingSince, string? ProbeDeliveryId, DateTimeOffset? BlockedUntil);
