using System.Collections.Immutable;

namespace Commerce.Domain.Customers;

/// <summary>Write-side state of one customer's stream.</summary>
public sealed record Customer(
    string Id, string Door, CustomerDetails Details, ImmutableList<CustomerAddress> Addresses, bool Archived,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The customer this one was merged into, if it was a duplicate; it then changes no more.</summary>
    public string? MergedInto { get; init; }

    /// <summary>The duplicates merged into this one.</summary>
    public ImmutableList<string> Merged { get; init; } = [];

    public CustomerAddress? Address(string addressId) => Addresses.Find(a => a.Id == addressId);

    public static Customer? Evolve(Customer? state, object @event) => @event switch
    {
        CustomerRegistered e => new Customer(e.CustomerId, e.Door, e.Details, [], false, e.RegisteredAt, e.RegisteredAt),
        CustomerDetailsChanged e => state! with { Details = e.Details, UpdatedAt = e.ChangedAt },
        CustomerArchived e => state! with { Archived = true, UpdatedAt = e.ArchivedAt },
        CustomerAddressAdded e => state! with { Addresses = state.Addresses.Add(e.Address), UpdatedAt = e.AddedAt },
        CustomerAddressChanged e => state! with
        {
            Addresses = state.Addresses.Replace(state.Address(e.Address.Id)!, e.Address), UpdatedAt = e.ChangedAt
        },
        CustomerAddressRemoved e => state! with { Addresses = state.Addresses.Remove(state.Address(e.AddressId)!), UpdatedAt = e.RemovedAt },
        CustomerMergedInto e => state! with { MergedInto = e.SurvivorId, UpdatedAt = e.MergedAt },
        CustomerMerged e => state! with { Merged = state.Merged.Add(e.DuplicateId), UpdatedAt = e.MergedAt },
        _ => state
    };
}
