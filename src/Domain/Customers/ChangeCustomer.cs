using Commerce.Domain.Common;

namespace Commerce.Domain.Customers;

/// <summary>
/// <c>PATCH /v1/contacts/{id}</c>, <c>PUT /v1/customers/{id}</c>, <c>PUT /v1/clients/{id}</c>: the details given
/// replace the current ones; a null leaves one as it is.
/// </summary>
public sealed record ChangeCustomer(
    string CustomerId, CustomerKind? Kind, string? Name, string? Email, string? Phone, string? TaxId, string? Segment,
    long? ExpectedVersion = null) : IStreamCommand
{
    public string StreamId => CustomerId;

    public CustomerDetails Over(CustomerDetails current) => new(
        Kind ?? current.Kind, Name ?? current.Name, Email ?? current.Email, Phone ?? current.Phone, TaxId ?? current.TaxId,
        Segment ?? current.Segment);
}

public static partial class CustomerDecisions
{
    public static Decision Decide(Customer? customer, ChangeCustomer command, UniqueClaims claims, DateTimeOffset now)
    {
        if (customer is null) return NotFound(command.CustomerId);
        if (Closed(customer)) return Archived(customer);
        var details = command.Over(customer.Details);
        if (details == customer.Details) return Decision.Accept();
        if (TaxIdOfAnotherKind(details) is { } mismatch) return Rejected(mismatch);
        if (claims.Conflict(customer.Id, details) is { } taken) return Rejected(taken);
        return Decision.Accept(new CustomerDetailsChanged(customer.Id, details, now));
    }
}
