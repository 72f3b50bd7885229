using Commerce.Domain.Dealership;
using JasperFx.Events.Projections;
using Marten;

namespace Commerce.Projections.Dealership;

public static class DealershipRegistration
{
    public static StoreOptions AddDealership(this StoreOptions opts)
    {
        // Live: stores, vehicles and deals have short streams.
        opts.Projections.Add(new DomainFold<Store>(Store.Evolve), ProjectionLifecycle.Live);
        opts.Projections.Add(new DomainFold<Vehicle>(Vehicle.Evolve), ProjectionLifecycle.Live);
        opts.Projections.Add(new DomainFold<Deal>(Deal.Evolve), ProjectionLifecycle.Live);
        opts.Projections.Add(new StoreViewProjection(), ProjectionLifecycle.Async);
        opts.Projections.Add(new VehicleViewProjection(), ProjectionLifecycle.Async);
        opts.Projections.Add(new DealViewProjection(), ProjectionLifecycle.Async);
        opts.IndexForLists<StoreView>([x => x.CreatedAt], new TenantIndex("created_at", "id"));
        // Newest first; each filter narrows within the tenant.
        opts.IndexForLists<VehicleView>([x => x.CreatedAt, x => x.Status, x => x.Phase, x => x.Brand, x => x.StoreId, x => x.Price, x => x.YearModel],
            new TenantIndex("created_at", "id"), new TenantIndex("status", "created_at", "id"), new TenantIndex("store_id", "created_at", "id"));
        opts.IndexForLists<DealView>([x => x.CreatedAt, x => x.Status, x => x.Phase], new TenantIndex("created_at", "id"));
        opts.Schema.For<UniqueClaim>();
        return opts;
    }
}
