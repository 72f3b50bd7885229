using Commerce.Domain.Common;

namespace Commerce.Domain.Webhooks;

/// <summary>An event of a webhook's stream.</summary>
public interface IWebhookEvent : IDomainEvent;

/// <summary>A receiver subscribed to event names. The secret itself is never an event: only its masked hint.</summary>
public sealed record WebhookRegistered(string WebhookId, string Url, IReadOnlyList<string> Events, string SecretHint, DateTimeOffset RegisteredAt) : IWebhookEvent;

/// <summary>The target or the subscribed event names changed; both carry their new whole value.</summary>
public sealed record WebhookChanged(string WebhookId, string Url, IReadOnlyList<string> Events, DateTimeOffset ChangedAt) : IWebhookEvent;

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
