using System.Text;
using Commerce.Domain.Common;

namespace Commerce.Domain.Webhooks;

/// <summary>
/// <c>POST /v1/webhooks</c>. The secret rides on the command to be stored beside the stream, never in an event: the
/// event keeps its mask only.
/// </summary>
public sealed record RegisterWebhook(string WebhookId, string Url, IReadOnlyList<string> Events, string Secret, int MaxInFlight = 1) : IStreamCommand
{
    public string StreamId => WebhookId;
    public long? ExpectedVersion => null;

    // A command that is logged or printed shows the mask, never the secret.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"WebhookId = {WebhookId}, Url = {Url}, Events = [{string.Join(", ", Events)}], Secret = {WebhookSecret.Mask(Secret)}, MaxInFlight = {MaxInFlight}");
        return true;
    }
}

public static partial class WebhookDecisions
{
    public static Decision Decide(Webhook? webhook, RegisterWebhook command, DateTimeOffset now) => webhook is null
        ? Decision.Accept(new WebhookRegistered(command.WebhookId, command.Url, Normalize(command.Events), WebhookSecret.Mask(command.Secret), now,
            command.MaxInFlight))
        : Decision.Reject(ErrorKind.Conflict, "conflict", $"Webhook {command.WebhookId} already exists.");
}
