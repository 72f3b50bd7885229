namespace Commerce.Domain.Webhooks;

public sealed record RegisterWebhook(string WebhookId, string Url, IReadOnlyList<string> Events, string SecretHint, int MaxInFlight = 1);

/// <summary>PATCH semantics: null leaves a field as it is.</summary>
public sealed record ChangeWebhook(string? Url, IReadOnlyList<string>? Events, bool? Active, int? MaxInFlight = null);

public sealed record RotateWebhookSecret(string SecretHint, TimeSpan GracePeriod);

public sealed record DeleteWebhook;

/// <summary>Raised by the sender, not a person: a 410 answer, or deliveries failing for too long.</summary>
public sealed record DisableFailingWebhook(string Reason);

public sealed record RequestReplay(
    string ReplayId, long? FromSequence, DateTimeOffset? FromTime, long? ToSequence, DateTimeOffset? ToTime, IReadOnlyList<string> Events);
