using Commerce.Domain.Common;

namespace Commerce.Domain.Customers;

/// <summary><c>DELETE /v1/contacts/{id}</c>: archive, never erase (its history and its claims stay).</summary>
public sealed record ArchiveCustomer(string CustomerId, long? ExpectedVersion = null) : IStreamCommand
{
    public string StreamId => CustomerId;
}

public static partial class CustomerDecisions
{
    /// <summary>Archiving an archived customer changes nothing and succeeds, so a retried DELETE answers as the first did.</summary>
    public static Decision Decide(Customer? customer, ArchiveCustomer command, DateTimeOffset now) =>
        customer is null ? NotFound(command.CustomerId)
        : customer.Archived ? Decision.Accept()
        : Decision.Accept(new CustomerArchived(customer.Id, now));
}
