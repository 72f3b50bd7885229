using Commerce.Api.Http;
using Commerce.Domain.Webhooks;
using Commerce.Projections.Webhooks;
using FluentValidation;

namespace Commerce.Api.Webhooks;

/// <summary>What every webhook route shares: ids, the URL and event-name rules, and the answer's shape.</summary>
internal static class WebhookRules
{
    public const int MaxEvents = 50;

    /// <summary>A webhook's id is its stream's key, so no SKU may start with it (<c>InventoryRules.SkuPattern</c>).</summary>
    public const string WebhookIdPrefix = "wh_";

    /// <summary>A channel sync's id is its stream's key, so no SKU may start with it either.</summary>
    public const string SyncIdPrefix = "sync_";

    public static string NewId(string prefix) => ResourceIds.New(prefix);

    public static IRuleBuilderOptionsConditions<T, string?> WebhookUrl<T>(this IRuleBuilder<T, string?> rule, WebhookOptions options) =>
        rule.CustomAsync(async (url, context, ct) =>
        {
            if (url is null) return;
            var problem = url.Length > 2048 ? "url must be at most 2048 characters."
                : TargetGuard.ShapeProblem(url, options.AllowInsecureTargets) ?? await TargetGuard.CheckAddressesAsync(url, options.AllowInsecureTargets, ct);
            if (problem is not null) context.AddFailure(problem);
        });

    public static IRuleBuilderOptions<T, string?> WebhookSecret<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(s => s is null || WebhookSignatures.IsUsable(s))
            .WithMessage($"secret must be {WebhookSignatures.MinSecretLength} to {WebhookSignatures.MaxSecretLength} printable ASCII characters without spaces; " +
                "a whsec_ secret must be whsec_ followed by base64 of at least 16 bytes.");

    public static IRuleBuilderOptionsConditions<T, IReadOnlyList<string>?> EventNames<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.Custom((names, context) =>
        {
            if (names is null) return;
            if (names.Count is 0 or > MaxEvents) context.AddFailure($"events must list 1 to {MaxEvents} event names.");
            var unknown = names.Where(n => !WebhookEventCatalog.Names.Contains(n)).Distinct().ToList();
            if (unknown.Count > 0)
                context.AddFailure($"Unknown event name(s): {string.Join(", ", unknown)}. Valid names: {WebhookEventCatalog.NamesList}.");
        });

    public static IRuleBuilderOptions<T, int?> MaxInFlight<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(1, Webhook.MaxInFlightLimit).WithMessage($"max_in_flight must be 1 to {Webhook.MaxInFlightLimit}.");
}

/// <summary>A webhook as every route shows it; <c>secret</c> is masked except in the answers that create one.</summary>
public sealed record WebhookResponse(
    string Id, string Url, IReadOnlyList<string> Events, string Secret, string Status, string? DisabledReason, int MaxInFlight,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version)
{
    public static WebhookResponse From(Webhook webhook, long version, string? secret = null) =>
        new(webhook.Id, webhook.Url, webhook.Events, secret ?? webhook.SecretHint, webhook.Enabled ? "active" : "disabled",
            webhook.DisabledReason, webhook.MaxInFlight, webhook.CreatedAt, webhook.UpdatedAt, version);
}
