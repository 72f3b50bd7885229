using Commerce.Domain.Common;

namespace Commerce.Domain.Dealership;

/// <summary>An event of one dealership location's stream.</summary>
public interface IStoreEvent : IDomainEvent;

/// <summary>An event of one vehicle's stream.</summary>
public interface IVehicleEvent : IDomainEvent;

/// <summary>An event of one deal's stream.</summary>
public interface IDealEvent : IDomainEvent;

public sealed record StoreOpened(string StoreId, string Name, string? City, string? State, string? Phone, DateTimeOffset OpenedAt) : IStoreEvent;

/// <summary>A vehicle enters the stock: phase <c>entrada</c>, status <c>ativo</c>.</summary>
public sealed record VehicleRegistered(string VehicleId, VehicleDetails Details, string StoreId, string? ClientId, DateTimeOffset RegisteredAt)
    : IVehicleEvent;

/// <summary>The details, store and client as they are now.</summary>
public sealed record VehicleChanged(string VehicleId, VehicleDetails Details, string StoreId, string? ClientId, DateTimeOffset ChangedAt)
    : IVehicleEvent;

public sealed record VehiclePhaseChanged(string VehicleId, string Phase, DateTimeOffset ChangedAt) : IVehicleEvent;

/// <summary><c>ativo</c> (for sale) or <c>inativo</c> (withdrawn); <c>vendido</c> only comes with <see cref="VehicleSold"/>.</summary>
public sealed record VehicleStatusChanged(string VehicleId, string Status, DateTimeOffset ChangedAt) : IVehicleEvent;

/// <summary>Sold through the deal that won it, for <paramref name="Price"/>: phase and status <c>vendido</c>, for good.</summary>
public sealed record VehicleSold(string VehicleId, string DealId, decimal Price, DateTimeOffset SoldAt) : IVehicleEvent;

public sealed record DealCreated(string DealId, DealDetails Details, DateTimeOffset CreatedAt) : IDealEvent;

/// <summary>The deal's details as they are now (a move along the pipeline included).</summary>
public sealed record DealChanged(string DealId, DealDetails Details, DateTimeOffset ChangedAt) : IDealEvent;

/// <summary>MarkDealWon: closed as won for <paramref name="Value"/>; its vehicle, if any, is then sold.</summary>
public sealed record DealWon(string DealId, decimal Value, string ClientId, string? VehicleId, string? StoreId, DateTimeOffset WonAt) : IDealEvent;

/// <summary>MarkDealLost: closed as lost, and why.</summary>
public sealed record DealLost(string DealId, string LossReason, DateTimeOffset LostAt) : IDealEvent;
