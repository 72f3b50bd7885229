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
/// scheduled message, by the outbox), the dead letter, or disabling the webhook. The rules are
/// <see cref="DeliveryDecisions"/>; this handler loads what they read and does what they answer.
/// </summary>
public static class SendWebhookHandler
{
    public static async Task Handle(SendWebhook message, IDocumentSession session, IMessageContext bus, WebhookSender sender,
        IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookSender> log, CancellationToken ct)
    {
        if (await session.LoadAsync<WebhookDelivery>(message.DeliveryId, ct) is not { } delivery) return;
        var webhook = await session.Events.FetchLatest<Webhook>(delivery.WebhookId, ct);
        var health = await session.LoadAsync<WebhookHealth>(delivery.WebhookId, ct);
        var (now, policy) = (clock.GetUtcNow(), options.Value.Policy);

        var before = DeliveryDecisions.Decide(delivery, message.Generation, webhook, health, now, policy);
        if (before is BeforeSend.Skip(var skipped)) session.Store(skipped);
        if (before is BeforeSend.WaitBehindProbe(var waiting))
        {
            session.Store(waiting);
            await ScheduleAsync(bus, session.TenantId, waiting);
        }
        if (before is not BeforeSend.Send(var url)) return;

        var secrets = await session.LoadAsync<WebhookSecrets>(delivery.WebhookId, ct)
            ?? throw new InvalidOperationException($"Webhook {delivery.WebhookId} has no secrets.");
        var attempt = await sender.SendAsync(url, delivery, secrets.SigningAt(now), now, ct);
        if (!attempt.Succeeded) log.LogWarning("Webhook delivery {DeliveryId} to {WebhookId} failed: {Error}", delivery.Id, delivery.WebhookId, attempt.Error);

        var after = DeliveryDecisions.Decide(delivery, health, attempt, now, policy, Random.Shared.NextDouble());
        session.Store(after.Delivery);
        if (after.Health is { } changed) session.Store(changed);
        switch (after)
        {
            case AfterAttempt.RetryAt(var retry, _):
                await ScheduleAsync(bus, session.TenantId, retry);
                break;
            case AfterAttempt.DeadLettered { DisableReason: { } reason }:
                await DisableAsync(session, bus, delivery, reason, clock, ct);
                break;
        }
    }

    /// <summary>The sender's own command, caused by the delivery that gave up: audit shows who disabled the webhook and why.</summary>
    private static Task DisableAsync(IDocumentSession session, IMessageContext bus, WebhookDelivery delivery, string reason, TimeProvider clock, CancellationToken ct) =>
        session.DecideAsync<DisableFailingWebhook, Webhook>(
            new(new DisableFailingWebhook(delivery.WebhookId, reason), CommandMetadata.System("webhook-sender", bus.CorrelationId ?? delivery.Id, delivery.Id)),
            WebhookDecisions.Decide, Webhook.Evolve, clock, ct);

    private static ValueTask ScheduleAsync(IMessageContext bus, string tenant, WebhookDelivery delivery) =>
        bus.PublishAsync(SendWebhook.Next(delivery), SendWebhook.Options(tenant, delivery.WebhookId, delivery.NextAttemptAt));
}

/// <summary>One signed POST to a receiver, bounded by the configured timeout; the answer's body is never read.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options)
{
    public async Task<DeliveryAttempt> SendAsync(string url, WebhookDelivery delivery, IReadOnlyList<string> secrets, DateTimeOffset now, CancellationToken ct)
    {
        if (TargetGuard.ShapeProblem(url, options.Value.AllowInsecureTargets) is { } problem) return new DeliveryAttempt(null, 0, problem, null);

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
            return new DeliveryAttempt(status, Elapsed(started), response.IsSuccessStatusCode ? null : $"HTTP {status}", RetryAfterOf(response, now));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new DeliveryAttempt(null, Elapsed(started), $"No answer within {options.Value.RequestTimeout.TotalSeconds:0.#} s.", null);
        }
        catch (HttpRequestException e)
        {
            return new DeliveryAttempt(null, Elapsed(started), e.InnerException is TargetRefusedException refused ? refused.Message : e.Message, null);
        }
    }

    private static int Elapsed(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    // Reported as the receiver sent it; DeliveryDecisions honours it where Standard Webhooks says to.
    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now) =>
        response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date ? date - now : null);
}
