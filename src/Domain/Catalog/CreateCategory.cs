using Commerce.Domain.Common;

namespace Commerce.Domain.Catalog;

/// <summary><c>POST /v1/categories</c>.</summary>
public sealed record CreateCategory(string CategoryId, string Name, string? ParentId) : IStreamCommand
{
    public string StreamId => CategoryTree.StreamId;
    public long? ExpectedVersion => null;
}

public static partial class CategoryDecisions
{
    public static Decision Decide(CategoryTree? tree, CreateCategory command, DateTimeOffset now)
    {
        tree ??= CategoryTree.Empty;
        if (tree.Has(command.CategoryId))
            return Decision.Reject(ErrorKind.Conflict, ProductDecisions.Conflict, $"Category {command.CategoryId} already exists.");
        return ParentProblem(tree, command.ParentId) ?? SiblingProblem(tree, command.CategoryId, command.Name, command.ParentId)
            ?? Decision.Accept(new CategoryCreated(command.CategoryId, command.Name, command.ParentId, now));
    }


    internal static Decision? ParentProblem(CategoryTree tree, string? parentId) => parentId is not null && !tree.Has(parentId)
        ? Decision.Reject(ErrorKind.NotFound, "not_found", $"Parent category {parentId} does not exist.")
        : null;

    // Paths must name one category each, so two siblings never share a name.
    internal static Decision? SiblingProblem(CategoryTree tree, string categoryId, string name, string? parentId) =>
        tree.Nodes.FirstOrDefault(n => n.Key != categoryId && n.Value.ParentId == parentId
                                       && string.Equals(n.Value.Name, name, StringComparison.OrdinalIgnoreCase)) is { Key: { } sibling }
            ? Decision.Reject(ErrorKind.Conflict, ProductDecisions.Conflict, $"Category {sibling} under the same parent is already named '{name}'.")
            : null;
}
