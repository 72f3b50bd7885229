using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Webhooks;
using Commerce.Projections.Webhooks;
using FastEndpoints;
using FluentValidation;
using Marten;
using Microsoft.Extensions.Options;

namespace Commerce.Api.Webhooks;

public sealed class RotateWebhookSecretRequest
{
    public string Id { get; set; } = "";

    /// <summary>Optional new secret; one is generated when absent.</summary>
    public string? Secret { get; set; }

    [FromHeader("If-Match", isRequired: false)]
    public string? IfMatch { get; set; }
}

public sealed class RotateWebhookSecretValidator : Validator<RotateWebhookSecretRequest>
{
    public RotateWebhookSecretValidator()
    {
        RuleFor(x => x.Secret).WebhookSecret();
        RuleFor(x => x.IfMatch).Matches(ETags.IfMatchPattern).When(x => x.IfMatch is not null).WithMessage(ETags.IfMatchMessage);
    }
}

/// <summary>The new secret, shown once; the previous one keeps signing beside it until <see cref="PreviousSecretExpiresAt"/>.</summary>
public sealed record RotateWebhookSecretResponse(string Id, string Secret, DateTimeOffset PreviousSecretExpiresAt, long Version);

public sealed record RotateSecret(string WebhookId, string Secret, long? ExpectedVersion);

public static class RotateSecretHandler
{
    public static async Task<WriteOutcome<Webhook>> Handle(
        RotateSecret command, IDocumentSession session, IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var grace = options.Value.RotationGracePeriod;
        var outcome = await session.DecideAsync(command.WebhookId, command.ExpectedVersion,
            new RotateWebhookSecret(WebhookSignatures.Mask(command.Secret), grace), clock, ct);
        if (outcome is WriteOutcome<Webhook>.Written(_, _, var at))
        {
            var previous = await session.LoadAsync<WebhookSecrets>(command.WebhookId, ct);
            session.Store(new WebhookSecrets(command.WebhookId, command.Secret, previous?.Current, at + grace));
        }
        return outcome;
    }
}

public sealed class RotateWebhookSecretEndpoint(CommandDispatcher commands, IOptions<WebhookOptions> options)
    : Endpoint<RotateWebhookSecretRequest, RotateWebhookSecretResponse>
{
    public override void Configure()
    {
        Post("webhooks/{id}/rotate-secret");
        Policies(ApiScopes.Required(ApiScopes.ManageWebhooks));
        // The body is optional: `curl -X POST .../rotate-secret` with no body generates the new secret.
        Description(d => d.ClearDefaultAccepts().Accepts<RotateWebhookSecretRequest>("application/json", "*/*").WithTags("Webhooks").WithSummary("Replace the signing secret; the old one signs too for a grace period")
            .Produces<RotateWebhookSecretResponse>(200).ProducesWriteProblems());
    }

    public override async Task HandleAsync(RotateWebhookSecretRequest req, CancellationToken ct)
    {
        var secret = req.Secret ?? WebhookSignatures.NewSecret();
        var outcome = await commands.SendAsync<Webhook>(HttpContext, req.Id, new RotateSecret(req.Id, secret, ETags.ToVersion(req.IfMatch)), ct);
        if (outcome is WriteOutcome<Webhook>.Written(var webhook, var version, var at))
        {
            HttpContext.Response.Headers.ETag = ETags.Of(version);
            await Send.OkAsync(new RotateWebhookSecretResponse(webhook.Id, secret, at + options.Value.RotationGracePeriod, version), ct);
            return;
        }
        await Send.ResultAsync(CommandDispatcher.ProblemFor(HttpContext, outcome));
    }
}
