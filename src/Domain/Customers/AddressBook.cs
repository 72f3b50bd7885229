using Commerce.Domain.Common;

namespace Commerce.Domain.Customers;

/// <summary>
/// <c>POST /v1/customers/{id}/addresses</c> (add, with a new id), <c>PUT .../addresses/{address_id}</c> (change),
/// <c>DELETE .../addresses/{address_id}</c> (remove, <paramref name="Address"/> null).
/// </summary>
public sealed record ChangeAddressBook(string CustomerId, AddressBookChange Change, string AddressId, CustomerAddress? Address,
    long? ExpectedVersion = null) : IStreamCommand
{
    public string StreamId => CustomerId;
}

public enum AddressBookChange { Add, Change, Remove }

public static partial class CustomerDecisions
{
    /// <summary>A customer's address book holds at most this many addresses.</summary>
    public const int MaxAddresses = 50;

    public static Decision Decide(Customer? customer, ChangeAddressBook command, DateTimeOffset now)
    {
        if (customer is null) return NotFound(command.CustomerId);
        if (Closed(customer)) return Archived(customer);
        var existing = customer.Address(command.AddressId);
        if (command.Change != AddressBookChange.Add && existing is null)
            return Decision.Reject(ErrorKind.NotFound, "not_found", $"Customer {customer.Id} has no address {command.AddressId}.");
        return command.Change switch
        {
            AddressBookChange.Add when existing is not null =>
                Decision.Reject(ErrorKind.Conflict, "conflict", $"Customer {customer.Id} has an address {command.AddressId} already."),
            AddressBookChange.Add when customer.Addresses.Count >= MaxAddresses =>
                Decision.Reject(ErrorKind.Conflict, "address_book_full", $"An address book holds at most {MaxAddresses} addresses; remove one first."),
            AddressBookChange.Add => Decision.Accept(new CustomerAddressAdded(customer.Id, command.Address! with { Id = command.AddressId }, now)),
            AddressBookChange.Change when existing == command.Address! with { Id = command.AddressId } => Decision.Accept(),
            AddressBookChange.Change => Decision.Accept(new CustomerAddressChanged(customer.Id, command.Address! with { Id = command.AddressId }, now)),
            _ => Decision.Accept(new CustomerAddressRemoved(customer.Id, command.AddressId, now))
        };
    }
}
