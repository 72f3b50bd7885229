using Commerce.Domain.Common;

namespace Commerce.Domain.Catalog;

/// <summary>
/// An event of the store's category tree: one stream per store (<see cref="CategoryTree.StreamId"/>), so every move is
/// decided against the whole tree and no two concurrent moves can build a cycle.
/// </summary>
public interface ICategoryEvent : IDomainEvent;

/// <summary>A category was added under <see cref="ParentId"/> (null: at the top).</summary>
public sealed record CategoryCreated(string CategoryId, string Name, string? ParentId, DateTimeOffset CreatedAt) : ICategoryEvent;

public sealed record CategoryRenamed(string CategoryId, string Name, DateTimeOffset RenamedAt) : ICategoryEvent;

/// <summary>A category and its whole subtree moved under <see cref="ParentId"/> (null: to the top); their products stay in them.</summary>
public sealed record CategoryMoved(string CategoryId, string? ParentId, DateTimeOffset MovedAt) : ICategoryEvent;
