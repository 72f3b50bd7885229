using Commerce.Domain.Customers;
using Commerce.Domain.Dealership;
using Marten;

namespace Commerce.Api.Dealership;

/// <summary>What the dealership's handlers read beside their own stream: the records a command names.</summary>
public static class DealershipReads
{
    /// <summary>The stores, clients and vehicles named, folded from their streams (missing: they do not exist).</summary>
    public static async Task<DealershipReferences> ReferencesAsync(
        IDocumentSession session, IEnumerable<string?> stores, IEnumerable<string?> clients, IEnumerable<string?> vehicles, CancellationToken ct) =>
        new(await LatestAsync<Store>(session, stores, ct), await LatestAsync<Customer>(session, clients, ct),
            await LatestAsync<Vehicle>(session, vehicles, ct));

    private static async Task<IReadOnlyDictionary<string, T>> LatestAsync<T>(IDocumentSession session, IEnumerable<string?> ids, CancellationToken ct)
        where T : class
    {
        var found = new Dictionary<string, T>();
        foreach (var id in ids.OfType<string>().Distinct())
            if (await session.Events.FetchLatest<T>(id, ct) is { } state) found[id] = state;
        return found;
    }
}
