using Commerce.Domain.Customers;

namespace Commerce.Domain.Dealership;

/// <summary>
/// The other records a dealership command names (its store, client and vehicle), as the handler found them: a
/// decision reads them, it never loads them. A missing key is a record that does not exist.
/// </summary>
public sealed record DealershipReferences(
    IReadOnlyDictionary<string, Store> Stores, IReadOnlyDictionary<string, Customer> Clients, IReadOnlyDictionary<string, Vehicle> Vehicles)
{
    public static readonly DealershipReferences None = new(new Dictionary<string, Store>(), new Dictionary<string, Customer>(),
        new Dictionary<string, Vehicle>());
}
