using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Domain.Profile;
using Commerce.Projections.Profile;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Profile;

public sealed class GetStoreProfileRequest : ITimeTravelRequest
{
    /// <summary>Answer the profile as it was at this moment (rebuilt from its events).</summary>
    public DateTimeOffset? AsOf { get; set; }

    /// <summary>Answer the profile as it was at this stream version.</summary>
    public long? Version { get; set; }

    /// <summary>Read-your-writes: wait (bounded) until the read model has reached this version.</summary>
    public long? MinVersion { get; set; }
}

public sealed class GetStoreProfileValidator : Validator<GetStoreProfileRequest>
{
    public GetStoreProfileValidator(TimeProvider clock)
    {
        Include(new TimeTravelRules(clock));
        RuleFor(x => x.MinVersion).GreaterThanOrEqualTo(1).WithMessage("min_version starts at 1.");
    }
}

/// <summary>The profile as every route shows it; <c>email</c> is left out for public (storefront) keys.</summary>
public sealed record StoreProfileResponse(string Name, string? Email, string Currency, string Timezone, long Version, DateTimeOffset UpdatedAt)
{
    public static StoreProfileResponse From(StoreProfile profile, long version, DateTimeOffset updatedAt, bool withEmail) =>
        new(profile.Name, withEmail ? profile.Email : null, profile.Currency, profile.Timezone, version, updatedAt);
}

public sealed class GetStoreProfileEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : Endpoint<GetStoreProfileRequest, StoreProfileResponse>
{
    public override void Configure()
    {
        Get("profile");
        Policies(ApiScopes.Required(ProfileContext.ReadStoreProfile));
        Description(d => d.ClearDefaultAccepts().WithTags("Profile").WithSummary("The store's profile")
            .Produces<StoreProfileResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(GetStoreProfileRequest req, CancellationToken ct)
    {
        var found = req.Requested()
            ? await session.AsItWasAsync(StoreProfile.StreamId, new StoreProfileProjection(), req, ct)
            : new AsItWas<StoreProfileView>(await readYourWrites.LoadAsync<StoreProfileView>(session, StoreProfile.StreamId, req.MinVersion, v => v.Version, ct),
                404, "not_found", "The store has no profile yet; set one with PUT /v1/profile.");
        if (found.View is not { } view)
        {
            await Send.ResultAsync(Problems.For(HttpContext, found.Status, found.Code, found.Detail));
            return;
        }
        HttpContext.Response.Headers.ETag = ETags.Of(view.Version);
        await Send.OkAsync(StoreProfileResponse.From(view.Profile, view.Version, view.UpdatedAt, withEmail: !User.IsPublicKey()), ct);
    }
}
