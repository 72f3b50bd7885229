using System.Diagnostics;
using System.Text;
using Commerce.Api.WritePath;
using Commerce.Domain.Webhooks;
using Commerce.Projections.Webhooks;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;

namespace Commerce.Api.Webhooks;

/// <summary>Send (or retry) one delivery. A message of an older <see cref="Generation"/> than the delivery's is stale and does nothing.</summary>
public sealed record SendWebhook(string DeliveryId, int Generation)
{
    public static SendWebhook Next(WebhookDelivery delivery) => new(delivery.Id, delivery.Generation);

    /// <summary>Tenant for the handler's session; the webhook as group, so one webhook's deliveries go one at a time, in order.</summary>
    public static DeliveryOptions Options(string tenant, string webhookId, DateTimeOffset? at = null) =>
        new() { TenantId = tenant, GroupId = webhookId, ScheduledTime = at };
}

/// <summary>
/// Sends a delivery and records the attempt in the same transaction as what follows from it: the next retry (a
/// scheduled message, by the outbox), the dead letter, or disabling the webhook.
/// </summary>
public static class SendWebhookHandler
{
    public static async Task Handle(SendWebhook message, IDocumentSession session, IMessageContext bus, WebhookSender sender,
        IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookSender> log, CancellationToken ct)
    {
        var delivery = await session.LoadAsync<WebhookDelivery>(message.DeliveryId, ct);
        if (delivery is null || delivery.IsFinal || delivery.Generation != message.Generation) return;
        var now = clock.GetUtcNow();
        var tenant = session.TenantId;

        var webhook = await session.Events.FetchLatest<Webhook>(delivery.WebhookId, ct);
        if (webhook is not { Enabled: true })
        {
            session.Store(delivery with
            {
                Status = DeliveryStatus.Skipped, NextAttemptAt = null,
                Error = webhook is null ? "The webhook was deleted." : $"The webhook is disabled: {webhook.DisabledReason}"
            });
            return;
        }

        var health = await session.LoadAsync<WebhookHealth>(webhook.Id, ct) ?? new WebhookHealth(webhook.Id, null, null, null);
        if (health.BlockedUntil > now && health.ProbeDeliveryId != delivery.Id)
        {
            // The receiver is failing: wait for the probing delivery's next try instead of spending a timeout here.
            var later = delivery with { Generation = delivery.Generation + 1, NextAttemptAt = health.BlockedUntil.Value + options.Value.Schedule[0] };
            session.Store(later);
            await bus.PublishAsync(SendWebhook.Next(later), SendWebhook.Options(tenant, webhook.Id, later.NextAttemptAt));
            return;
        }

        var secrets = await session.LoadAsync<WebhookSecrets>(webhook.Id, ct)
            ?? throw new InvalidOperationException($"Webhook {webhook.Id} has no secrets.");
        var attempt = await sender.SendAsync(webhook.Url, delivery, secrets.SigningAt(now), now, ct);
        var attempted = delivery with
        {
            Attempts = delivery.Attempts + 1, LastAttemptAt = now, ResponseCode = attempt.StatusCode, LatencyMs = attempt.LatencyMs, Error = attempt.Error
        };

        if (attempt.Succeeded)
        {
            session.Store(attempted with { Status = DeliveryStatus.Succeeded, NextAttemptAt = null });
            if (health.FailingSince is not null) session.Store(new WebhookHealth(webhook.Id, null, null, null));
            return;
        }

        log.LogWarning("Webhook delivery {DeliveryId} to {WebhookId} failed: {Error}", delivery.Id, webhook.Id, attempt.Error);
        var failingSince = health.FailingSince ?? now;
        if (attempt.StatusCode == 410)
        {
            session.Store(attempted with { Status = DeliveryStatus.DeadLettered, NextAttemptAt = null });
            session.Store(new WebhookHealth(webhook.Id, failingSince, null, null));
            await DisableAsync(session, bus, delivery, DeliveryRetries.GoneReason, clock, ct);
            return;
        }

        if (DeliveryRetries.NextDelay(options.Value.Schedule, delivery.RetryStep, attempt.RetryAfter, Random.Shared.NextDouble()) is { } delay)
        {
            var retry = attempted with
            {
                Status = DeliveryStatus.Failed, RetryStep = delivery.RetryStep + 1, Generation = delivery.Generation + 1, NextAttemptAt = now + delay
            };
            session.Store(retry);
            session.Store(new WebhookHealth(webhook.Id, failingSince, delivery.Id, retry.NextAttemptAt));
            await bus.PublishAsync(SendWebhook.Next(retry), SendWebhook.Options(tenant, webhook.Id, retry.NextAttemptAt));
            return;
        }

        session.Store(attempted with { Status = DeliveryStatus.DeadLettered, NextAttemptAt = null });
        session.Store(new WebhookHealth(webhook.Id, failingSince, null, null));
        if (DeliveryRetries.ShouldDisable(failingSince, now, options.Value.DisableAfter))
            await DisableAsync(session, bus, delivery, DeliveryRetries.DisabledReason(failingSince, attempt.Error!), clock, ct);
    }

    /// <summary>The sender's own command, caused by the delivery that gave up: audit shows who disabled the webhook and why.</summary>
    private static Task DisableAsync(IDocumentSession session, IMessageContext bus, WebhookDelivery delivery, string reason, TimeProvider clock, CancellationToken ct) =>
        session.DecideAsync<DisableFailingWebhook, Webhook>(
            new(new DisableFailingWebhook(delivery.WebhookId, reason), CommandMetadata.System("webhook-sender", bus.CorrelationId ?? delivery.Id, delivery.Id)),
            WebhookDecisions.Decide, Webhook.Evolve, clock, ct);
}

/// <summary>What one HTTP attempt came to.</summary>
public sealed record SendAttempt(int? StatusCode, int LatencyMs, string? Error, TimeSpan? RetryAfter)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>One signed POST to a receiver, bounded by the configured timeout; the answer's body is never read.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options)
{
    public async Task<SendAttempt> SendAsync(string url, WebhookDelivery delivery, IReadOnlyList<string> secrets, DateTimeOffset now, CancellationToken ct)
    {
        if (TargetGuard.ShapeProblem(url, options.Value.AllowInsecureTargets) is { } problem) return new SendAttempt(null, 0, problem, null);

        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        foreach (var (name, value) in WebhookSignatures.Headers(delivery.Id, now, body, secrets)) request.Headers.TryAddWithoutValidation(name, value);
        request.Headers.UserAgent.ParseAdd("Commerce.Cqrs-Webhooks/1");

        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.RequestTimeout);
        try
        {
            using var response = await clients.CreateClient(WebhooksHosting.HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return new SendAttempt(status, Elapsed(started), response.IsSuccessStatusCode ? null : $"HTTP {status}", RetryAfterOf(response, now));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendAttempt(null, Elapsed(started), $"No answer within {options.Value.RequestTimeout.TotalSeconds:0.#} s.", null);
        }
        catch (HttpRequestException e)
        {
            return new SendAttempt(null, Elapsed(started), e.InnerException is TargetRefusedException refused ? refused.Message : e.Message, null);
        }
    }

    private static int Elapsed(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    // Standard Webhooks asks senders to honour Retry-After on 429 and 503.
    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now) =>
        (int)response.StatusCode is not (429 or 503) ? null
        : response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date ? date - now : null);
}
