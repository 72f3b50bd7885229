using Commerce.Domain.Common;

namespace Commerce.Domain.Webhooks;

/// <summary>An event of a webhook's stream.</summary>
public interface IWebhookEvent : IDomainEvent;

/// <summary>
/// A receiver subscribed to event names. The secret itself is never an event: only its masked hint.
/// <see cref="MaxInFlight"/> came later: events stored before it read as 1.
/// </summary>
public sealed record WebhookRegistered(
    string WebhookId, string Url, IReadOnlyList<string> Events, string SecretHint, DateTimeOffset RegisteredAt, int MaxInFlight = 1) : IWebhookEvent;

/// <summary>The target, the subscribed event names or the deliveries allowed in flight changed; each carries its new whole value.</summary>
public sealed record WebhookChanged(string WebhookId, string Url, IReadOnlyList<string> Events, DateTimeOffset ChangedAt, int MaxInFlight = 1)
    : IWebhookEvent;

/// <summary>Deliveries stop; <see cref="Reason"/> says whether a person or the sender decided it, and why.</summary>
public sealed record WebhookDisabled(string WebhookId, string Reason, DateTimeOffset DisabledAt) : IWebhookEvent;

public sealed record WebhookEnabled(string WebhookId, DateTimeOffset EnabledAt) : IWebhookEvent;

/// <summary>A new secret signs from now on; the previous one keeps signing beside it until <see cref="PreviousValidUntil"/>.</summary>
public sealed record WebhookSecretRotated(string WebhookId, string SecretHint, DateTimeOffset PreviousValidUntil, DateTimeOffset RotatedAt) : IWebhookEvent;

public sealed record WebhookDeleted(string WebhookId, DateTimeOffset DeletedAt) : IWebhookEvent;

/// <summary>History was asked to be sent again: events from a sequence or a time, up to another, of some names.</summary>
public sealed record WebhookReplayRequested(
    string WebhookId, string ReplayId, long? FromSequence, DateTimeOffset? FromTime, long? ToSequence, DateTimeOffset? ToTime,
    IReadOnlyList<string> Events, DateTimeOffset RequestedAt) : IWebhookEvent;
