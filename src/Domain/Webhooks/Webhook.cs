namespace Commerce.Domain.Webhooks;

/// <summary>
/// Write-side state of one webhook's stream; a deleted webhook folds to null. <see cref="MaxInFlight"/>: how many of its
/// deliveries may be sent at once (1, the default, keeps them strictly one after the other).
/// </summary>
public sealed record Webhook(
    string Id, string Url, IReadOnlyList<string> Events, bool Enabled, string? DisabledReason, string SecretHint,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int MaxInFlight = 1)
{
    /// <summary>The most deliveries a webhook may allow in flight at once.</summary>
    public const int MaxInFlightLimit = 32;

    public bool Receives(string eventName) => Enabled && Events.Contains(eventName);

    public static Webhook? Evolve(Webhook? state, object @event) => @event switch
    {
        WebhookRegistered e => new Webhook(e.WebhookId, e.Url, e.Events, true, null, e.SecretHint, e.RegisteredAt, e.RegisteredAt, e.MaxInFlight),
        WebhookChanged e => state! with { Url = e.Url, Events = e.Events, MaxInFlight = e.MaxInFlight, UpdatedAt = e.ChangedAt },
        WebhookDisabled e => state! with { Enabled = false, DisabledReason = e.Reason, UpdatedAt = e.DisabledAt },
        WebhookEnabled e => state! with { Enabled = true, DisabledReason = null, UpdatedAt = e.EnabledAt },
        WebhookSecretRotated e => state! with { SecretHint = e.SecretHint, UpdatedAt = e.RotatedAt },
        WebhookDeleted => null,
        _ => state
    };
}
