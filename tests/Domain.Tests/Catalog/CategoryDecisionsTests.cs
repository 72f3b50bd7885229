using Commerce.Domain.Catalog;
using Commerce.Domain.Common;

namespace Commerce.Domain.Tests.Catalog;

public class CategoryDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 17, 9, 30, 0, TimeSpan.Zero);

    // Apparel > T-Shirts > V-Necks, and Sale at the top.
    private static readonly CategoryTree Tree = new object[]
    {
        new CategoryCreated("cat_apparel", "Apparel", null, Now), new CategoryCreated("cat_tees", "T-Shirts", "cat_apparel", Now),
        new CategoryCreated("cat_vnecks", "V-Necks", "cat_tees", Now), new CategoryCreated("cat_sale", "Sale", null, Now)
    }.Aggregate((CategoryTree?)null, CategoryTree.Evolve)!;

    [Fact]
    public void paths_and_subtrees_follow_the_parents()
    {
        Assert.Equal("Apparel > T-Shirts", Tree.PathOf("cat_tees"));
        Assert.Equal("Apparel > T-Shirts > V-Necks", Tree.PathOf("cat_vnecks"));
        Assert.Equal(["cat_apparel", "cat_tees", "cat_vnecks"], Tree.Subtree("cat_apparel"));
        Assert.Null(Tree.PathOf("cat_nope"));
    }

    [Fact]
    public void a_category_goes_under_an_existing_parent_with_a_name_no_sibling_has()
    {
        Assert.Equal([new CategoryCreated("cat_polos", "Polos", "cat_apparel", Now)],
            CategoryDecisions.Decide(Tree, new CreateCategory("cat_polos", "Polos", "cat_apparel"), Now).Events);
        Assert.Equal(ErrorKind.NotFound, CategoryDecisions.Decide(Tree, new CreateCategory("cat_x", "X", "cat_nope"), Now).Error?.Kind);
        Assert.Equal(ErrorKind.Conflict, CategoryDecisions.Decide(Tree, new CreateCategory("cat_x", "t-shirts", "cat_apparel"), Now).Error?.Kind);
        Assert.Null(CategoryDecisions.Decide(null, new CreateCategory("cat_first", "First", null), Now).Error);
    }

    [Fact]
    public void moving_takes_the_subtree_along_and_never_under_itself()
    {
        var moved = CategoryDecisions.Decide(Tree, new ChangeCategory("cat_tees", null, "cat_sale", false), Now);
        Assert.Equal([new CategoryMoved("cat_tees", "cat_sale", Now)], moved.Events);
        var after = moved.Events.Aggregate(Tree, (t, e) => CategoryTree.Evolve(t, e)!);
        Assert.Equal("Sale > T-Shirts > V-Necks", after.PathOf("cat_vnecks"));

        Assert.Equal(ErrorKind.Conflict, CategoryDecisions.Decide(Tree, new ChangeCategory("cat_apparel", null, "cat_vnecks", false), Now).Error?.Kind);
        Assert.Equal(ErrorKind.Conflict, CategoryDecisions.Decide(Tree, new ChangeCategory("cat_tees", null, "cat_tees", false), Now).Error?.Kind);
        Assert.Equal([new CategoryMoved("cat_tees", null, Now)], CategoryDecisions.Decide(Tree, new ChangeCategory("cat_tees", null, null, true), Now).Events);
        Assert.Equal([new CategoryRenamed("cat_tees", "Tees", Now)], CategoryDecisions.Decide(Tree, new ChangeCategory("cat_tees", "Tees", null, false), Now).Events);
        Assert.Empty(CategoryDecisions.Decide(Tree, new ChangeCategory("cat_tees", "T-Shirts", "cat_apparel", false), Now).Events);
    }
}
