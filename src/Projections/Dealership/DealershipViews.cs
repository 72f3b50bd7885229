using Commerce.Domain.Dealership;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Commerce.Projections.Dealership;

/// <summary>Read model of one dealership location for <c>GET /v1/stores[/{id}]</c>.</summary>
public sealed record StoreView(string Id, Store State, long Version)
{
    public DateTimeOffset CreatedAt => State.CreatedAt;
}

public sealed class StoreViewProjection : SingleStreamProjection<StoreView, string>
{
    public StoreViewProjection() => this.IncludeEventsOf<IStoreEvent>();

    public override StoreView? Evolve(StoreView? view, string id, IEvent e) =>
        Store.Evolve(view?.State, e.Data) is { } state ? new StoreView(id, state, e.Version) : null;
}

/// <summary>
/// Read model of one vehicle for <c>GET /v1/vehicles[/{id}]</c>; the list's filters are duplicated into columns
/// (status, phase, brand, store, price, model year, creation).
/// </summary>
public sealed record VehicleView(string Id, Vehicle State, long Version)
{
    public string Status => State.Status;
    public string Phase => State.Phase;
    public string Brand => State.Details.Brand;
    public string StoreId => State.StoreId;
    public decimal? Price => State.Details.Price;
    public int? YearModel => State.Details.YearModel;
    public DateTimeOffset CreatedAt => State.CreatedAt;
}

public sealed class VehicleViewProjection : SingleStreamProjection<VehicleView, string>
{
    public VehicleViewProjection() => this.IncludeEventsOf<IVehicleEvent>();

    public override VehicleView? Evolve(VehicleView? view, string id, IEvent e) =>
        Vehicle.Evolve(view?.State, e.Data) is { } state ? new VehicleView(id, state, e.Version) : null;
}

/// <summary>Read model of one deal for <c>GET /v1/deals[/{id}]</c>.</summary>
public sealed record DealView(string Id, Deal State, long Version)
{
    public string Status => State.Status;
    public string Phase => State.Details.Phase;
    public DateTimeOffset CreatedAt => State.CreatedAt;
}

public sealed class DealViewProjection : SingleStreamProjection<DealView, string>
{
    public DealViewProjection() => this.IncludeEventsOf<IDealEvent>();

    public override DealView? Evolve(DealView? view, string id, IEvent e) =>
        Deal.Evolve(view?.State, e.Data) is { } state ? new DealView(id, state, e.Version) : null;
}
