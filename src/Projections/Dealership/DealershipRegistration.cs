using Commerce.Domain.Dealership;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Postgresql.Tables;

namespace Commerce.Projections.Dealership;

public static class DealershipRegistration
{
    /// <summary>Vehicles by status, phase and store: the list's total, unless it filters by brand, price or year.</summary>
    public static readonly ListCounts<VehicleView> VehicleCounts = new("vehicle", "status", "phase", "store_id");

    /// <summary>Deals by status and phase: the list's total.</summary>
    public static readonly ListCounts<DealView> DealCounts = new("deal", "status", "phase");

    public static StoreOptions AddDealership(this StoreOptions opts)
    {
        // Live: stores, vehicles and deals have short streams.
        opts.Projections.Add(new DomainFold<Store, IStoreEvent>(Store.Evolve), ProjectionLifecycle.Live);
        opts.Projections.Add(new DomainFold<Vehicle, IVehicleEvent>(Vehicle.Evolve), ProjectionLifecycle.Live);
        opts.Projections.Add(new DomainFold<Deal, IDealEvent>(Deal.Evolve), ProjectionLifecycle.Live);
        opts.Projections.Add(new StoreViewProjection(), ProjectionLifecycle.Async);
        opts.Projections.Add(new VehicleViewProjection(), ProjectionLifecycle.Async);
        opts.Projections.Add(new DealViewProjection(), ProjectionLifecycle.Async);
        opts.IndexForLists<StoreView>([x => x.CreatedAt], new TenantIndex("created_at", "id"));
        // Newest first; each filter narrows within the tenant.
        opts.IndexForLists<VehicleView>([x => x.CreatedAt, x => x.Status, x => x.Phase, x => x.Brand, x => x.StoreId, x => x.Price, x => x.YearModel],
            new TenantIndex("created_at", "id"), new TenantIndex("status", "created_at", "id"), new TenantIndex("store_id", "created_at", "id"),
            new TenantIndex("brand gin_trgm_ops") { Method = IndexMethod.gin });   // brand: any case (ilike), by trigrams
        opts.IndexForLists<DealView>([x => x.CreatedAt, x => x.Status, x => x.Phase], new TenantIndex("created_at", "id"));
        opts.CountForLists(VehicleCounts).CountForLists(DealCounts);
        opts.Schema.For<UniqueClaim>();
        return opts;
    }
}
