using Commerce.Domain.Common;

namespace Commerce.Domain.Webhooks;

/// <summary>Sent by the webhook sender, not a person: a 410 answer, or deliveries failing for too long.</summary>
public sealed record DisableFailingWebhook(string WebhookId, string Reason) : IStreamCommand
{
    public string StreamId => WebhookId;
    public long? ExpectedVersion => null;
}

public static partial class WebhookDecisions
{
    /// <summary>Disables once; a webhook deleted or disabled meanwhile is left as it is.</summary>
    public static Decision Decide(Webhook? webhook, DisableFailingWebhook command, DateTimeOffset now) => webhook is { Enabled: true }
        ? Decision.Accept(new WebhookDisabled(webhook.Id, command.Reason, now))
        : Decision.Accept();
}
