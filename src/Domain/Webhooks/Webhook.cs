namespace Commerce.Domain.Webhooks;

/// <summary>Write-side state of one webhook's stream; a deleted webhook folds to null.</summary>
public sealed record Webhook(
    string Id, string Url, IReadOnlyList<string> Events, bool Enabled, string? DisabledReason, string SecretHint,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public bool Receives(string eventName) => Enabled && Events.Contains(eventName);

    public static Webhook? Evolve(Webhook? state, object @event) => @event switch
    {
        WebhookRegistered e => new Webhook(e.WebhookId, e.Url, e.Events, true, null, e.SecretHint, e.RegisteredAt, e.RegisteredAt),
        WebhookChanged e => state! with { Url = e.Url, Events = e.Events, UpdatedAt = e.ChangedAt },
        WebhookDisabled e => state! with { Enabled = false, DisabledReason = e.Reason, UpdatedAt = e.DisabledAt },
        WebhookEnabled e => state! with { Enabled = true, DisabledReason = null, UpdatedAt = e.EnabledAt },
        WebhookSecretRotated e => state! with { SecretHint = e.SecretHint, UpdatedAt = e.RotatedAt },
        WebhookDeleted => null,
        _ => state
    };
}
