using Commerce.Domain.Catalog;

namespace Commerce.Api.Catalog;

/// <summary>A category as the routes show it: its parent and its path from the top, e.g. <c>Apparel &gt; T-Shirts</c>.</summary>
public sealed record CategoryResponse(string Id, string Name, string? ParentId, string Path, int Depth)
{
    public static CategoryResponse From(CategoryTree tree, string id) =>
        new(id, tree.Nodes[id].Name, tree.Nodes[id].ParentId, tree.PathOf(id)!, tree.Lineage(id).Count - 1);
}
