using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Domain.Customers;
using Commerce.Projections.Customers;
using Marten;

namespace Commerce.Api.Customers;

/// <summary>What the three doors' lists share: the filters, in SQL through the list indexes, oldest first.</summary>
public static class CustomerReads
{
    public static readonly string ProjectionName = nameof(CustomerView);

    /// <summary>
    /// One page of the tenant's customers that are not archived, of one <paramref name="kind"/> or all, whose name or
    /// email contains <paramref name="q"/> (any case), and their total.
    /// </summary>
    public static async Task<(IReadOnlyList<CustomerView> Page, long Total)> ListAsync(
        IQuerySession session, ReadYourWrites readYourWrites, PagedRequest paging, CustomerKind? kind, string? q, bool consistent,
        CancellationToken ct)
    {
        if (consistent) await readYourWrites.CatchUpAsync(session, ProjectionName, ct);
        var query = session.Query<CustomerView>().Where(x => !x.Archived);
        if (kind is { } k) query = query.Where(x => x.Kind == k.ToString());
        if (q is { Length: > 0 })
            query = query.Where(x => x.State.Details.Name.Contains(q, StringComparison.OrdinalIgnoreCase)
                                     || x.State.Details.Email!.Contains(q, StringComparison.OrdinalIgnoreCase));
        var total = await query.CountAsync(ct);
        var page = await query.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id)
            .Skip((paging.PageNumber - 1) * paging.PageSize).Take(paging.PageSize).ToListAsync(ct);
        return (page, total);
    }

    public static string NotFound(string id) => $"Customer {id} does not exist.";
}
