using System.Text;
using Commerce.Domain.Common;

namespace Commerce.Domain.Webhooks;

/// <summary>
/// <c>POST /v1/webhooks/{id}/rotate-secret</c>: <see cref="Secret"/> signs from now on, the previous one beside it for
/// <see cref="GracePeriod"/>. Like registration, the secret is stored beside the stream, never in an event.
/// </summary>
public sealed record RotateWebhookSecret(string WebhookId, string Secret, TimeSpan GracePeriod, long? ExpectedVersion = null) : IStreamCommand
{
    public string StreamId => WebhookId;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"WebhookId = {WebhookId}, Secret = {WebhookSecret.Mask(Secret)}, GracePeriod = {GracePeriod}, ExpectedVersion = {ExpectedVersion}");
        return true;
    }
}

public static partial class WebhookDecisions
{
    public static Decision Decide(Webhook? webhook, RotateWebhookSecret command, DateTimeOffset now) => webhook is null
        ? NotFound(command.WebhookId)
        : Decision.Accept(new WebhookSecretRotated(webhook.Id, WebhookSecret.Mask(command.Secret), now + command.GracePeriod, now));
}
