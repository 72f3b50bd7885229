using Commerce.Domain.Webhooks;
using JasperFx.Core;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Commerce.Api.Webhooks;

/// <summary>
/// Send what is due in one webhook's queue. Published with new deliveries (once per webhook and transaction), by a
/// manual retry, and by the handler itself for when its queue has to wait; so while a delivery waits, a message that
/// will send it exists, durably (a crash delays it, never loses it).
/// </summary>
public sealed record DeliverWebhook(string WebhookId)
{
    /// <summary>Tenant for the handler's sessions; the webhook as group, so one handler at a time sends its queue on a node.</summary>
    public static DeliveryOptions Options(string tenant, string webhookId, DateTimeOffset? at = null) =>
        new() { TenantId = tenant, GroupId = webhookId, ScheduledTime = at };
}

/// <summary>
/// Sends a webhook's queue in order: for each delivery <see cref="DeliveryDecisions"/> decides before and after the
/// HTTP attempt, and the queue writes what was decided behind the sender's back, batched. Up to the webhook's
/// <c>MaxInFlight</c> attempts run at once, started in queue order and decided in that order. It stops at a delivery
/// that must wait (for its retry, or behind a probe) and runs again then. A long queue goes in runs of bounded length,
/// so webhooks that share a partition take turns and no run nears Wolverine's execution timeout.
/// </summary>
public static class DeliverWebhookHandler
{
    /// <summary>Another node holds the webhook's queue (a hand-over after a crash): look again after this long.</summary>
    private static readonly TimeSpan HeldElsewhere = TimeSpan.FromSeconds(1);

    // The database is away: keep the message and try again later, never drop it (the queue would wait for the next event).
    public static void Configure(HandlerChain chain) =>
        chain.OnAnyException().ScheduleRetryIndefinitely(1.Seconds(), 5.Seconds(), 30.Seconds());

    public static async Task Handle(DeliverWebhook message, Envelope envelope, IMessageContext bus, IDocumentStore store, WebhookSender sender,
        IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookSender> log, CancellationToken ct)
    {
        var tenant = envelope.TenantId ?? throw new InvalidOperationException("A webhook delivery needs its tenant.");
        DateTimeOffset? again;
        await using (var queue = await DeliveryQueue.TryTakeAsync(store, tenant, message.WebhookId, ct))
        {
            if (queue is null) again = clock.GetUtcNow() + HeldElsewhere;
            else
            {
                again = await new QueueRun(queue, envelope, sender, options.Value.Policy, clock, log, ct).SendDueAsync();
                await queue.FlushAsync(ct);   // before this message counts as handled
            }
        }
        if (again is { } at) await bus.PublishAsync(message, DeliverWebhook.Options(tenant, message.WebhookId, at > clock.GetUtcNow() ? at : null));
    }

    /// <summary>One run over a webhook's queue, with the attempts it has in flight.</summary>
    private sealed class QueueRun(DeliveryQueue queue, Envelope cause, WebhookSender sender, DeliveryPolicy policy, TimeProvider clock,
        ILogger log, CancellationToken ct)
    {
        private const int BatchSize = 200;
        private const int MaxPerRun = 2_000;
        private static readonly TimeSpan MaxRunTime = TimeSpan.FromSeconds(5);

        private readonly Queue<(WebhookDelivery Delivery, DateTimeOffset At, Task<DeliveryAttempt> Attempt)> _inFlight = new();
        private Webhook? _webhook;
        private WebhookHealth? _health;

        /// <summary>Sends until the queue is empty (null) or has to wait; answers when to run again.</summary>
        public async Task<DateTimeOffset?> SendDueAsync()
        {
            var started = clock.GetUtcNow();
            var (done, after) = (0, "");
            while (true)
            {
                (_webhook, _health, var secrets, var next) = await queue.ReadAsync(after, BatchSize, ct);
                if (next.Count == 0) return await CompleteAllAsync();
                foreach (var delivery in next)
                {
                    var now = clock.GetUtcNow();
                    if (done++ >= MaxPerRun || now - started >= MaxRunTime) return Earliest(await CompleteAllAsync(), now);   // the rest in the next run
                    switch (DeliveryDecisions.Decide(delivery, _webhook, _health, now, policy))
                    {
                        case BeforeSend.Skip(var skipped):
                            await queue.RecordAsync(skipped, null, ct);
                            break;
                        case BeforeSend.Wait(var until):
                            return Earliest(await CompleteAllAsync(), until);
                        case BeforeSend.Send(var url):
                            var signing = secrets?.SigningAt(now) ?? throw new InvalidOperationException($"Webhook {delivery.WebhookId} has no secrets.");
                            _inFlight.Enqueue((delivery, now, sender.SendAsync(url, delivery, signing, now, ct)));
                            // A failure starts nothing more: those in flight finish, then the queue waits for the retry.
                            if (_inFlight.Count >= _webhook!.MaxInFlight && await CompleteOldestAsync() is { } retryAt)
                                return Earliest(await CompleteAllAsync(), retryAt);
                            break;
                    }
                }
                after = next[^1].SortKey;
            }
        }

        // Decides the oldest attempt in flight; answers its retry time when it failed.
        private async Task<DateTimeOffset?> CompleteOldestAsync()
        {
            var (delivery, at, sending) = _inFlight.Dequeue();
            var attempt = await sending;
            if (!attempt.Succeeded)
                log.LogWarning("Webhook delivery {DeliveryId} to {WebhookId} failed: {Error}", delivery.Id, delivery.WebhookId, attempt.Error);

            var outcome = DeliveryDecisions.Decide(delivery, _health, attempt, at, policy, Random.Shared.NextDouble());
            await queue.RecordAsync(outcome.Delivery, outcome.Health, ct);
            _health = outcome.Health ?? _health;
            if (outcome is AfterAttempt.DeadLettered { DisableReason: { } reason })
                _webhook = await queue.DisableAsync(reason, delivery, cause.CorrelationId, clock, ct);
            return outcome is AfterAttempt.RetryAt { At: var retryAt } ? retryAt : null;
        }

        private async Task<DateTimeOffset?> CompleteAllAsync()
        {
            DateTimeOffset? earliest = null;
            while (_inFlight.Count > 0) earliest = Earliest(earliest, await CompleteOldestAsync());
            return earliest;
        }

        private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
    }
}
