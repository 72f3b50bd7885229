using Commerce.Domain.Common;

namespace Commerce.Domain.Webhooks;

/// <summary><c>PATCH /v1/webhooks/{id}</c>: null leaves a field as it is.</summary>
public sealed record ChangeWebhook(
    string WebhookId, string? Url, IReadOnlyList<string>? Events, bool? Active, long? ExpectedVersion = null, int? MaxInFlight = null) : IStreamCommand
{
    public string StreamId => WebhookId;
}

public static partial class WebhookDecisions
{
    public const string ApiDisabledReason = "Disabled through the API.";

    /// <summary>Records only what differs, so a PATCH that repeats the current values appends nothing.</summary>
    public static Decision Decide(Webhook? webhook, ChangeWebhook command, DateTimeOffset now)
    {
        if (webhook is null) return NotFound(command.WebhookId);
        var events = new List<IDomainEvent>();
        var url = command.Url ?? webhook.Url;
        var names = command.Events is null ? webhook.Events : Normalize(command.Events);
        var maxInFlight = command.MaxInFlight ?? webhook.MaxInFlight;
        if (url != webhook.Url || !names.SequenceEqual(webhook.Events) || maxInFlight != webhook.MaxInFlight)
            events.Add(new WebhookChanged(webhook.Id, url, names, now, maxInFlight));
        if (command.Active == true && !webhook.Enabled) events.Add(new WebhookEnabled(webhook.Id, now));
        if (command.Active == false && webhook.Enabled) events.Add(new WebhookDisabled(webhook.Id, ApiDisabledReason, now));
        return Decision.Accept([.. events]);
    }
}
