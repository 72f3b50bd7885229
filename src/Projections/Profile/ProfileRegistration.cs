using Commerce.Domain.Profile;
using JasperFx.Events.Projections;
using Marten;

namespace Commerce.Projections.Profile;

public static class ProfileRegistration
{
    public static StoreOptions AddProfile(this StoreOptions opts)
    {
        // Live: a profile changes rarely and its stream stays short.
        opts.Projections.Add(new DomainFold<StoreProfile, IProfileEvent>(StoreProfile.Evolve), ProjectionLifecycle.Live);
        opts.Projections.Add(new StoreProfileProjection(), ProjectionLifecycle.Async);
        return opts;
    }
}
