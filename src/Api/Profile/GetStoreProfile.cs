using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Domain.Profile;
using Commerce.Projections.Profile;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Profile;

public sealed class GetStoreProfileRequest : RecordRequest;

public sealed class GetStoreProfileValidator : Validator<GetStoreProfileRequest>
{
    public GetStoreProfileValidator(TimeProvider clock) => Include(new RecordRequestRules(clock));
}

/// <summary>The profile as every route shows it; <c>email</c> is left out for public (storefront) keys.</summary>
public sealed record StoreProfileResponse(string Name, string? Email, string Currency, string Timezone, long Version, DateTimeOffset UpdatedAt)
{
    public static StoreProfileResponse From(StoreProfile profile, long version, DateTimeOffset updatedAt, bool withEmail) =>
        new(profile.Name, withEmail ? profile.Email : null, profile.Currency, profile.Timezone, version, updatedAt);
}

public sealed class GetStoreProfileEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : RecordEndpoint<GetStoreProfileRequest, StoreProfileResponse>
{
    public override void Configure()
    {
        Get("profile");
        Policies(ApiScopes.Required(ProfileContext.ReadStoreProfile));
        Description(d => d.ClearDefaultAccepts().WithTags("Profile").WithSummary("The store's profile")
            .Produces<StoreProfileResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(GetStoreProfileRequest req, CancellationToken ct) => await SendRecordAsync(
        await session.FindAsync(readYourWrites, StoreProfile.StreamId, new StoreProfileProjection(), v => v.Version, req,
            "The store has no profile yet; set one with PUT /v1/profile.", ct),
        v => v.Version, v => StoreProfileResponse.From(v.Profile, v.Version, v.UpdatedAt, withEmail: !User.IsPublicKey()), ct);
}
