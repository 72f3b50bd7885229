using System.Collections.Immutable;

namespace Commerce.Domain.Catalog;

/// <summary>
/// Write-side state of the store's categories: every category with its parent. (No one-argument constructor: Marten would
/// take it for a conventional Create method.)
/// </summary>
public sealed record CategoryTree
{
    public ImmutableDictionary<string, CategoryNode> Nodes { get; init; } = ImmutableDictionary<string, CategoryNode>.Empty;

    public const string StreamId = "categories";
    public const string PathSeparator = " > ";

    /// <summary>The stream's key, for Marten's identity of the folded state.</summary>
    public string Id { get; init; } = StreamId;

    public static readonly CategoryTree Empty = new();

    public static CategoryTree? Evolve(CategoryTree? state, object @event) => @event switch
    {
        CategoryCreated e => (state ?? Empty) with { Nodes = (state ?? Empty).Nodes.SetItem(e.CategoryId, new CategoryNode(e.Name, e.ParentId)) },
        CategoryRenamed e => state! with { Nodes = state.Nodes.SetItem(e.CategoryId, state.Nodes[e.CategoryId] with { Name = e.Name }) },
        CategoryMoved e => state! with { Nodes = state.Nodes.SetItem(e.CategoryId, state.Nodes[e.CategoryId] with { ParentId = e.ParentId }) },
        _ => state
    };
}

public sealed record CategoryNode(string Name, string? ParentId);

/// <summary>
/// Reading the tree: paths, lineages, subtrees, apart from the state, which keeps only its fold.
/// </summary>
public static class CategoryTreeReading
{
    public static bool Has(this CategoryTree tree, string categoryId) => tree.Nodes.ContainsKey(categoryId);

    /// <summary>The ids from the top down to <paramref name="categoryId"/>, itself included.</summary>
    public static IReadOnlyList<string> Lineage(this CategoryTree tree, string categoryId)
    {
        var lineage = new List<string>();
        for (var id = (string?)categoryId; id is not null && tree.Nodes.TryGetValue(id, out var node); id = node.ParentId) lineage.Insert(0, id);
        return lineage;
    }

    /// <summary>The path people read, e.g. <c>Apparel &gt; T-Shirts</c>.</summary>
    public static string? PathOf(this CategoryTree tree, string? categoryId) =>
        categoryId is not null && tree.Has(categoryId)
            ? string.Join(CategoryTree.PathSeparator, tree.Lineage(categoryId).Select(id => tree.Nodes[id].Name))
            : null;

    /// <summary>The category and every category below it.</summary>
    public static IReadOnlyList<string> Subtree(this CategoryTree tree, string categoryId) =>
        [.. tree.Nodes.Keys.Where(id => tree.Lineage(id).Contains(categoryId)).Order(StringComparer.Ordinal)];
}
