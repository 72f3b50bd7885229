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
        // One round trip: the page and the total, which the customer counts by kind give in a row or two unless q searches
        // (then the matches are counted).
        var batch = session.CreateBatchQuery();
        var wanted = kind?.ToString();
        var customers = CustomersRegistration.CustomerCounts.Query(batch)
            .Equal("false", "archived", x => !x.Archived)
            .Equal(wanted, "kind", x => x.Kind == wanted);
        if (q is { Length: > 0 })
            customers.Where(x => x.State.Details.Name.Contains(q, StringComparison.OrdinalIgnoreCase)
                                 || x.State.Details.Email!.Contains(q, StringComparison.OrdinalIgnoreCase));
        var total = customers.TotalAsync(batch, session);
        var page = customers.Query.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id)
            .Skip((paging.PageNumber - 1) * paging.PageSize).Take(paging.PageSize).ToList();
        await batch.Execute(ct);
        return (await page, await total);
    }

    public static string NotFound(string id) => $"Customer {id} does not exist.";
}
