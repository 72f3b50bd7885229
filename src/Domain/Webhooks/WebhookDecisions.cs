using Commerce.Domain.Common;

namespace Commerce.Domain.Webhooks;

public static class WebhookDecisions
{
    public const string WebhookDisabledCode = "webhook_disabled";
    public const string ApiDisabledReason = "Disabled through the API.";

    public static Decision Decide(Webhook? webhook, string webhookId, object command, DateTimeOffset now) => (webhook, command) switch
    {
        (null, RegisterWebhook register) => Decision.Accept(
            new WebhookRegistered(register.WebhookId, register.Url, Normalize(register.Events), register.SecretHint, now, register.MaxInFlight)),
        (not null, RegisterWebhook) => Decision.Reject(ErrorKind.Conflict, "conflict", $"Webhook {webhookId} already exists."),
        (null, DisableFailingWebhook) => Decision.Accept(),
        (null, _) => Decision.Reject(ErrorKind.NotFound, "not_found", $"Webhook {webhookId} does not exist."),
        (_, ChangeWebhook change) => Change(webhook, change, now),
        (_, RotateWebhookSecret rotate) => Decision.Accept(new WebhookSecretRotated(webhook.Id, rotate.SecretHint, now + rotate.GracePeriod, now)),
        (_, DeleteWebhook) => Decision.Accept(new WebhookDeleted(webhook.Id, now)),
        ({ Enabled: false }, DisableFailingWebhook) => Decision.Accept(),
        (_, DisableFailingWebhook disable) => Decision.Accept(new WebhookDisabled(webhook.Id, disable.Reason, now)),
        ({ Enabled: false }, RequestReplay) => Decision.Reject(ErrorKind.Conflict, WebhookDisabledCode,
            $"Webhook {webhook.Id} is disabled ({webhook.DisabledReason}); enable it with PATCH {{\"active\": true}} before replaying."),
        (_, RequestReplay replay) => Decision.Accept(new WebhookReplayRequested(webhook.Id, replay.ReplayId, replay.FromSequence, replay.FromTime,
            replay.ToSequence, replay.ToTime, Normalize(replay.Events), now)),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown webhook command.")
    };

    private static Decision Change(Webhook webhook, ChangeWebhook change, DateTimeOffset now)
    {
        var events = new List<object>();
        var url = change.Url ?? webhook.Url;
        var names = change.Events is null ? webhook.Events : Normalize(change.Events);
        var maxInFlight = change.MaxInFlight ?? webhook.MaxInFlight;
        if (url != webhook.Url || !names.SequenceEqual(webhook.Events) || maxInFlight != webhook.MaxInFlight)
            events.Add(new WebhookChanged(webhook.Id, url, names, now, maxInFlight));
        if (change.Active == true && !webhook.Enabled) events.Add(new WebhookEnabled(webhook.Id, now));
        if (change.Active == false && webhook.Enabled) events.Add(new WebhookDisabled(webhook.Id, ApiDisabledReason, now));
        return Decision.Accept([.. events]);
    }

    // One spelling per subscription, so equal sets compare equal and lists read the same every time.
    private static string[] Normalize(IEnumerable<string> names) => names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
