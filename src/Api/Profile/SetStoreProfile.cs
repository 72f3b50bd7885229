using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Profile;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Profile;

public sealed class SetStoreProfileRequest : ConditionalRequest
{
    public string? Name { get; set; }

    /// <summary>The store's contact email; public keys never see it.</summary>
    public string? Email { get; set; }

    /// <summary>ISO 4217 code, e.g. <c>INR</c>.</summary>
    public string? Currency { get; set; }

    /// <summary>IANA time zone, e.g. <c>Asia/Kolkata</c>.</summary>
    public string? Timezone { get; set; }
}

public sealed class SetStoreProfileValidator : Validator<SetStoreProfileRequest>
{
    public SetStoreProfileValidator()
    {
        Include(new IfMatchRules());
        RuleFor(x => x.Name).NotEmpty().WithMessage("name is required.").MaximumLength(200);
        RuleFor(x => x.Email).NotEmpty().WithMessage("email is required.").MaximumLength(254)
            .EmailAddress().WithMessage("email must be an email address, e.g. owner@example.com.");
        RuleFor(x => x.Currency).NotEmpty().WithMessage("currency is required.")
            .Must(c => Iso4217.IsCurrency(c!)).When(x => !string.IsNullOrEmpty(x.Currency), ApplyConditionTo.CurrentValidator)
            .WithMessage("currency must be an ISO 4217 code in capitals, e.g. INR, USD or EUR.");
        RuleFor(x => x.Timezone).NotEmpty().WithMessage("timezone is required.")
            .Must(IsIanaZone).When(x => !string.IsNullOrEmpty(x.Timezone), ApplyConditionTo.CurrentValidator)
            .WithMessage("timezone must be an IANA time zone, e.g. Asia/Kolkata or Europe/Berlin.");
    }

    private static bool IsIanaZone(string? id) =>
        id is { Length: <= 64 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId && zone.Id == id;
}

public static class SetStoreProfileHandler
{
    public static Task<IReadOnlyList<WriteOutcome<StoreProfile>>> Handle(
        CommandBatch<SetStoreProfile> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        session.DecideEachAsync<SetStoreProfile, StoreProfile>(batch, ProfileDecisions.Decide, StoreProfile.Evolve, clock, ct);
}

public sealed class SetStoreProfileEndpoint : CommandEndpoint<SetStoreProfileRequest, StoreProfileResponse>
{
    public override void Configure()
    {
        Put("profile");
        Policies(ApiScopes.Required(ProfileContext.UpdateStoreProfile));
        Description(d => d.WithTags("Profile").WithSummary("Set the store's name, email, currency and time zone")
            .Produces<StoreProfileResponse>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(SetStoreProfileRequest req, CancellationToken ct) =>
        SendCommandAsync<SetStoreProfile, StoreProfile>(new SetStoreProfile(req.Name!, req.Email!, req.Currency!, req.Timezone!, req.ExpectedVersion()),
            written => StoreProfileResponse.From(written.Result, written.Version, written.At, withEmail: true), ct);
}
