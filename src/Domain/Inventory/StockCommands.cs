namespace Commerce.Domain.Inventory;

/// <summary>One step of a stock change; a PATCH may combine several, decided and appended together.</summary>
public interface IStockCommand;

public sealed record SetStock(int Quantity, string? Reason) : IStockCommand;

public sealed record AdjustStock(int Delta, string? Reason) : IStockCommand;

/// <summary>Sets the listed channels' allocations; channels not listed keep theirs, 0 releases one.</summary>
public sealed record AllocateStock(IReadOnlyDictionary<string, int> Allocations) : IStockCommand;

public sealed record SetReorderPoint(int ReorderPoint) : IStockCommand;
