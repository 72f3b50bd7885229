using Commerce.Domain.Common;

namespace Commerce.Domain.Webhooks;

/// <summary><c>DELETE /v1/webhooks/{id}</c>: nothing more is delivered; the stream folds to null.</summary>
public sealed record DeleteWebhook(string WebhookId, long? ExpectedVersion = null) : IStreamCommand
{
    public string StreamId => WebhookId;
}

public static partial class WebhookDecisions
{
    public static Decision Decide(Webhook? webhook, DeleteWebhook command, DateTimeOffset now) =>
        webhook is null ? NotFound(command.WebhookId) : Decision.Accept(new WebhookDeleted(webhook.Id, now));
}
