using Commerce.Domain.Common;

namespace Commerce.Domain.Customers;

/// <summary>
/// <c>POST /v1/contacts</c>, <c>/v1/customers</c> or <c>/v1/clients</c>: one customer, whichever door; the addresses
/// given start its address book.
/// </summary>
public sealed record RegisterCustomer(string CustomerId, string Door, CustomerDetails Details, IReadOnlyList<CustomerAddress> Addresses)
    : IStreamCommand
{
    public string StreamId => CustomerId;
    public long? ExpectedVersion => null;
}

public static partial class CustomerDecisions
{
    /// <summary>An email or tax id another customer holds is a conflict naming that customer.</summary>
    public static Decision Decide(Customer? customer, RegisterCustomer command, UniqueClaims claims, DateTimeOffset now)
    {
        if (customer is not null) return Decision.Reject(ErrorKind.Conflict, "conflict", $"Customer {command.CustomerId} exists already.");
        if (TaxIdOfAnotherKind(command.Details) is { } mismatch) return Rejected(mismatch);
        if (claims.Conflict(command.CustomerId, command.Details) is { } taken) return Rejected(taken);
        return Decision.Accept([
            new CustomerRegistered(command.CustomerId, command.Door, command.Details, now),
            .. command.Addresses.Select(a => new CustomerAddressAdded(command.CustomerId, a, now))
        ]);
    }
}
