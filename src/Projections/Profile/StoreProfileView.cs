using Commerce.Domain.Profile;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Commerce.Projections.Profile;

/// <summary>Read model of the store profile for <c>GET /v1/profile</c>; rebuildable at any time from its stream.</summary>
public sealed record StoreProfileView(string Id, StoreProfile Profile, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed class StoreProfileProjection : SingleStreamProjection<StoreProfileView, string>
{
    public StoreProfileProjection() => this.IncludeEventsOf<IProfileEvent>();

    public override StoreProfileView? Evolve(StoreProfileView? view, string id, IEvent e) =>
        StoreProfile.Evolve(view?.Profile, e.Data) is { } profile
            ? new StoreProfileView(id, profile, e.Version, view?.CreatedAt ?? e.Timestamp, e.Timestamp)
            : null;
}
