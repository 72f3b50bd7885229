using Commerce.Api.History;
using Commerce.Api.Hosting;
using Commerce.Api.Http;
using Commerce.Domain.Profile;
using Commerce.Projections.Profile;
using Marten;

[assembly: ApiTag("Profile",
    "The store's profile: name, contact email, currency and time zone, with its history; public keys read it without the email.")]

namespace Commerce.Api.Profile;

/// <summary>The store's profile: name, contact email, currency and time zone (Ecwid's store profile).</summary>
public sealed class ProfileContext : CommerceContext
{
    public const string ReadStoreProfile = "read_store_profile";
    public const string UpdateStoreProfile = "update_store_profile";

    public override IReadOnlyList<EventResource> Resources { get; } = [new("profile", ReadStoreProfile, typeof(IProfileEvent))];

    public override IReadOnlyList<string> Scopes { get; } = [ReadStoreProfile, UpdateStoreProfile];

    public override IReadOnlyList<string> PublicScopes { get; } = [ReadStoreProfile];   // without the email

    public override IReadOnlyList<Type> InternalEvents => Resources[0].EventTypes;

    public override void ConfigureStore(StoreOptions store) => store.AddProfile();
}
