using Commerce.Domain.Common;

namespace Commerce.Domain.Customers;

/// <summary>The rules of a customer's stream; each use case's file adds its <c>Decide</c> overload.</summary>
public static partial class CustomerDecisions
{
    private static Decision NotFound(string customerId) =>
        Decision.Reject(ErrorKind.NotFound, "not_found", $"Customer {customerId} does not exist.");

    private static Decision Archived(Customer customer) =>
        Decision.Reject(ErrorKind.Conflict, "customer_archived", $"Customer {customer.Id} is archived; it can no longer be changed.");

    private static Decision Rejected(DomainError error) => new([], error);
}
