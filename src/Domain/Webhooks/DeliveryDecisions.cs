using Commerce.Domain.Common;

namespace Commerce.Domain.Webhooks;

/// <summary>How failed deliveries are retried, and when a failing webhook is given up on (<c>Commerce:Webhooks</c>).</summary>
public sealed record DeliveryPolicy(IReadOnlyList<TimeSpan> Schedule, TimeSpan DisableAfter)
{
    /// <summary>Standard Webhooks' example schedule after the first attempt: 3 days 3 h 35 min 5 s in all.</summary>
    public static readonly TimeSpan[] StandardSchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
        TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24)
    ];

    /// <summary>Jitter adds up to this share of a step, so receivers that fail together do not retry together.</summary>
    public const double JitterShare = 0.2;

    /// <summary>A receiver's <c>Retry-After</c> is honoured up to this long.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(24);

    /// <summary>
    /// The wait before retry <paramref name="step"/> (0 = the first retry), or null when the schedule is spent.
    /// <paramref name="random"/> in [0, 1) picks the jitter; a longer <paramref name="retryAfter"/> wins, up to a day.
    /// </summary>
    public TimeSpan? DelayBefore(int step, TimeSpan? retryAfter, double random)
    {
        if (step >= Schedule.Count) return null;
        var delay = Schedule[step] * (1 + JitterShare * random);
        return retryAfter is { } asked && asked > delay ? (asked < MaxRetryAfter ? asked : MaxRetryAfter) : delay;
    }
}

/// <summary>What one HTTP attempt came to, as the sender saw it; <see cref="DeliveryDecisions"/> judges it.</summary>
public sealed record DeliveryAttempt(int? StatusCode, int LatencyMs, string? Error, TimeSpan? RetryAfter)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>
/// A person asks to send a delivery again now. One whose retries were spent (or that was skipped or succeeded) gets this
/// one attempt; a failing one keeps the rest of its schedule.
/// </summary>
public sealed record RetryDelivery(string WebhookId, string DeliveryId);

/// <summary>What a send message does before any HTTP.</summary>
public abstract record BeforeSend
{
    /// <summary>A newer message was scheduled for the delivery, or it has ended: this message does nothing.</summary>
    public sealed record Ignore : BeforeSend;

    /// <summary>The webhook was deleted or disabled: store the delivery as skipped, send nothing.</summary>
    public sealed record Skip(WebhookDelivery Delivery) : BeforeSend;

    /// <summary>Another delivery probes the failing receiver: store this one and send it at its <c>NextAttemptAt</c>.</summary>
    public sealed record WaitBehindProbe(WebhookDelivery Delivery) : BeforeSend;

    /// <summary>Send it now to the webhook's <paramref name="Url"/>, then decide over the attempt.</summary>
    public sealed record Send(string Url) : BeforeSend;
}

/// <summary>What an attempt comes to: the delivery to store, and the receiver's health when it changes.</summary>
public abstract record AfterAttempt(WebhookDelivery Delivery, WebhookHealth? Health)
{
    /// <summary><see cref="AfterAttempt.Health"/> is the cleared health when the receiver was failing, else null.</summary>
    public sealed record Succeeded(WebhookDelivery Delivery, WebhookHealth? Health) : AfterAttempt(Delivery, Health);

    /// <summary>Send again at the delivery's <c>NextAttemptAt</c>; until then it probes the receiver while the others wait.</summary>
    public sealed record RetryAt(WebhookDelivery Delivery, WebhookHealth Health) : AfterAttempt(Delivery, Health);

    /// <summary>No more automatic attempts; with a <paramref name="DisableReason"/>, the webhook is disabled too.</summary>
    public sealed record DeadLettered(WebhookDelivery Delivery, WebhookHealth Health, string? DisableReason) : AfterAttempt(Delivery, Health);
}

/// <summary>What a person's <see cref="RetryDelivery"/> comes to.</summary>
public abstract record ManualRetry
{
    /// <summary>Store the delivery (pending again) and the health when it changes, and send it at once.</summary>
    public sealed record SendNow(WebhookDelivery Delivery, WebhookHealth? Health) : ManualRetry;

    public sealed record Refused(DomainError Error) : ManualRetry;
}

/// <summary>
/// The delivery rules, all of them: skip, wait behind a probe, send, then succeed, retry on the schedule or dead-letter
/// (and disable a webhook that keeps failing). Pure: the sender loads, decides here, then does what the answer says
/// (docs/architecture.md, "Side effects: decide, then act").
/// </summary>
public static class DeliveryDecisions
{
    public const string GoneReason = "The receiver answered 410 Gone.";

    /// <summary>Before sending: is the message current, may the webhook still receive, and is the receiver free?</summary>
    public static BeforeSend Decide(
        WebhookDelivery delivery, int messageGeneration, Webhook? webhook, WebhookHealth? health, DateTimeOffset now, DeliveryPolicy policy)
    {
        if (delivery.IsFinal || delivery.Generation != messageGeneration) return new BeforeSend.Ignore();
        if (webhook is null) return new BeforeSend.Skip(Skipped(delivery, "The webhook was deleted."));
        if (!webhook.Enabled) return new BeforeSend.Skip(Skipped(delivery, $"The webhook is disabled: {webhook.DisabledReason}"));
        // The receiver is failing: wait for the probing delivery's next try instead of spending a timeout here.
        if (health is { BlockedUntil: { } blockedUntil } && blockedUntil > now && health.ProbeDeliveryId != delivery.Id)
            return new BeforeSend.WaitBehindProbe(delivery with
            {
                Generation = delivery.Generation + 1, NextAttemptAt = blockedUntil + policy.Schedule.FirstOrDefault()
            });
        return new BeforeSend.Send(webhook.Url);
    }

    /// <summary>After an attempt: succeeded, retry later (<paramref name="random"/> in [0, 1) picks the jitter), or dead-letter.</summary>
    public static AfterAttempt Decide(
        WebhookDelivery delivery, WebhookHealth? health, DeliveryAttempt attempt, DateTimeOffset now, DeliveryPolicy policy, double random)
    {
        var attempted = delivery with
        {
            Attempts = delivery.Attempts + 1, LastAttemptAt = now, ResponseCode = attempt.StatusCode, LatencyMs = attempt.LatencyMs, Error = attempt.Error
        };
        if (attempt.Succeeded)
            return new AfterAttempt.Succeeded(attempted with { Status = DeliveryStatus.Succeeded, NextAttemptAt = null },
                health?.FailingSince is null ? null : new WebhookHealth(delivery.WebhookId, null, null, null));

        var failingSince = health?.FailingSince ?? now;
        var deadLetter = attempted with { Status = DeliveryStatus.DeadLettered, NextAttemptAt = null };
        var unblocked = new WebhookHealth(delivery.WebhookId, failingSince, null, null);
        if (attempt.StatusCode == 410) return new AfterAttempt.DeadLettered(deadLetter, unblocked, GoneReason);

        // Standard Webhooks asks senders to honour Retry-After on 429 and 503.
        var retryAfter = attempt.StatusCode is 429 or 503 ? attempt.RetryAfter : null;
        if (policy.DelayBefore(delivery.RetryStep, retryAfter, random) is { } delay)
        {
            var retry = attempted with
            {
                Status = DeliveryStatus.Failed, RetryStep = delivery.RetryStep + 1, Generation = delivery.Generation + 1, NextAttemptAt = now + delay
            };
            return new AfterAttempt.RetryAt(retry, new WebhookHealth(delivery.WebhookId, failingSince, delivery.Id, retry.NextAttemptAt));
        }

        return new AfterAttempt.DeadLettered(deadLetter, unblocked, now - failingSince >= policy.DisableAfter
            ? $"Every delivery failed since {failingSince:yyyy-MM-ddTHH:mm:ssZ} and retries ran out (last: {attempt.Error})."
            : null);
    }

    /// <summary>A person's retry: refused while the webhook is disabled or the delivery has not been tried yet.</summary>
    public static ManualRetry Decide(
        RetryDelivery command, WebhookDelivery? delivery, Webhook? webhook, WebhookHealth? health, DateTimeOffset now, DeliveryPolicy policy)
    {
        if (webhook is null || delivery is null || delivery.WebhookId != command.WebhookId)
            return Refused(ErrorKind.NotFound, "not_found", $"Webhook {command.WebhookId} has no delivery {command.DeliveryId}.");
        if (!webhook.Enabled)
            return Refused(ErrorKind.Conflict, WebhookDecisions.WebhookDisabledCode,
                $"Webhook {webhook.Id} is disabled ({webhook.DisabledReason}); enable it with PATCH {{\"active\": true}} first.");
        if (delivery.Status == DeliveryStatus.Pending)
            return Refused(ErrorKind.Conflict, "delivery_pending", $"Delivery {delivery.Id} is still waiting for its first attempt.");

        var again = delivery with
        {
            Status = DeliveryStatus.Pending, Generation = delivery.Generation + 1, NextAttemptAt = now,
            RetryStep = delivery.Status == DeliveryStatus.Failed ? delivery.RetryStep : policy.Schedule.Count
        };
        // A person asked: this one goes now, not after the probe.
        return new ManualRetry.SendNow(again, health is { BlockedUntil: not null } ? health with { ProbeDeliveryId = delivery.Id } : null);
    }

    private static WebhookDelivery Skipped(WebhookDelivery delivery, string reason) =>
        delivery with { Status = DeliveryStatus.Skipped, NextAttemptAt = null, Error = reason };

    private static ManualRetry.Refused Refused(ErrorKind kind, string code, string detail) => new(new DomainError(kind, code, detail));
}
