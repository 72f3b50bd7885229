using Commerce.Domain.Common;

namespace Commerce.Domain.Webhooks;

/// <summary>
/// <c>POST /v1/webhooks/{id}/replay</c>: send stored history again, from a sequence or a time, up to another, of the
/// given event names (the webhook's own when null).
/// </summary>
public sealed record ReplayWebhook(
    string WebhookId, string ReplayId, long? FromSequence, DateTimeOffset? FromTime, long? ToSequence, DateTimeOffset? ToTime,
    IReadOnlyList<string>? Events) : IStreamCommand
{
    public string StreamId => WebhookId;
    public long? ExpectedVersion => null;
}

public static partial class WebhookDecisions
{
    public static Decision Decide(Webhook? webhook, ReplayWebhook command, DateTimeOffset now) => webhook switch
    {
        null => NotFound(command.WebhookId),
        { Enabled: false } => Decision.Reject(ErrorKind.Conflict, WebhookDisabledCode,
            $"Webhook {webhook.Id} is disabled ({webhook.DisabledReason}); enable it with PATCH {{\"active\": true}} before replaying."),
        _ => Decision.Accept(new WebhookReplayRequested(webhook.Id, command.ReplayId, command.FromSequence, command.FromTime,
            command.ToSequence, command.ToTime, Normalize(command.Events ?? webhook.Events), now))
    };
}
