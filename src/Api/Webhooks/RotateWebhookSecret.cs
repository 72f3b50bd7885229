using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Webhooks;
using Commerce.Projections.Webhooks;
using FastEndpoints;
using Marten;
using Microsoft.Extensions.Options;

namespace Commerce.Api.Webhooks;

public sealed class RotateWebhookSecretRequest : ConditionalRequest
{
    public string Id { get; set; } = "";

    /// <summary>Optional new secret; one is generated when absent.</summary>
    public string? Secret { get; set; }
}

public sealed class RotateWebhookSecretValidator : Validator<RotateWebhookSecretRequest>
{
    public RotateWebhookSecretValidator()
    {
        Include(new IfMatchRules());
        RuleFor(x => x.Secret).WebhookSecret();
    }
}

/// <summary>The new secret, shown once; the previous one keeps signing beside it until <see cref="PreviousSecretExpiresAt"/>.</summary>
public sealed record RotateWebhookSecretResponse(string Id, string Secret, DateTimeOffset PreviousSecretExpiresAt, long Version);

/// <summary>Rotates and keeps the previous secret beside the new one, in the same transaction as the event.</summary>
public static class RotateWebhookSecretHandler
{
    public static async Task<IReadOnlyList<WriteOutcome<Webhook>>> Handle(
        CommandBatch<RotateWebhookSecret> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var outcomes = await session.DecideEachAsync<RotateWebhookSecret, Webhook>(batch, WebhookDecisions.Decide, Webhook.Evolve, clock, ct);
        foreach (var (command, written) in batch.Written(outcomes))
        {
            var previous = await session.LoadAsync<WebhookSecrets>(command.WebhookId, ct);
            session.Store(new WebhookSecrets(command.WebhookId, command.Secret, previous?.Current, written.At + command.GracePeriod));
        }
        return outcomes;
    }
}

public sealed class RotateWebhookSecretEndpoint(IOptions<WebhookOptions> options) : CommandEndpoint<RotateWebhookSecretRequest, RotateWebhookSecretResponse>
{
    public override void Configure()
    {
        Post("webhooks/{id}/rotate-secret");
        Policies(ApiScopes.Required(WebhooksContext.ManageWebhooks));
        // The body is optional: `curl -X POST .../rotate-secret` with no body generates the new secret.
        Description(d => d.ClearDefaultAccepts().Accepts<RotateWebhookSecretRequest>("application/json", "*/*").WithTags("Webhooks")
            .WithSummary("Replace the signing secret; the old one signs too for a grace period")
            .Produces<RotateWebhookSecretResponse>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(RotateWebhookSecretRequest req, CancellationToken ct)
    {
        var (secret, grace) = (req.Secret ?? WebhookSignatures.NewSecret(), options.Value.RotationGracePeriod);
        return SendCommandAsync<RotateWebhookSecret, Webhook>(new RotateWebhookSecret(req.Id, secret, grace, req.ExpectedVersion()),
            written => new RotateWebhookSecretResponse(written.Result.Id, secret, written.At + grace, written.Version), ct);
    }
}
