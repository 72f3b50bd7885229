using Commerce.Domain.Common;

namespace Commerce.Domain.Catalog;

/// <summary><c>PATCH /v1/categories/{id}</c>: a new name and/or a new parent (<see cref="MoveToTop"/>: no parent).</summary>
public sealed record ChangeCategory(string CategoryId, string? Name, string? ParentId, bool MoveToTop) : IStreamCommand
{
    public string StreamId => CategoryTree.StreamId;
    public long? ExpectedVersion => null;
}

public static partial class CategoryDecisions
{
    /// <summary>A move takes the subtree along; a category never moves under itself or its own descendants.</summary>
    public static Decision Decide(CategoryTree? tree, ChangeCategory command, DateTimeOffset now)
    {
        if (tree is null || !tree.Nodes.TryGetValue(command.CategoryId, out var node))
            return Decision.Reject(ErrorKind.NotFound, "not_found", $"Category {command.CategoryId} does not exist.");
        var name = command.Name ?? node.Name;
        var parent = command.MoveToTop ? null : command.ParentId ?? node.ParentId;
        if (parent is not null && tree.Lineage(parent).Contains(command.CategoryId))
            return Decision.Reject(ErrorKind.Conflict, ProductDecisions.Conflict,
                $"Category {command.CategoryId} cannot move under {parent}, which is itself or below it.");
        if ((ParentProblem(tree, parent) ?? SiblingProblem(tree, command.CategoryId, name, parent)) is { } problem) return problem;

        var events = new List<IDomainEvent>();
        if (name != node.Name) events.Add(new CategoryRenamed(command.CategoryId, name, now));
        if (parent != node.ParentId) events.Add(new CategoryMoved(command.CategoryId, parent, now));
        return Decision.Accept([.. events]);
    }
}
