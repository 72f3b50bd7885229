using Commerce.Domain.Common;

namespace Commerce.Domain.Customers;

/// <summary>An event of one customer's stream: every person or company the tenant sells to, whichever door it came in by.</summary>
public interface ICustomerEvent : IDomainEvent;

/// <summary>
/// Who a customer is, as every door shows it. <see cref="TaxId"/> holds digits only (a CPF or a CNPJ); the doors show it
/// masked. <see cref="Email"/> is kept as given; uniqueness compares it lower-cased.
/// </summary>
public sealed record CustomerDetails(
    CustomerKind Kind, string Name, string? Email, string? Phone, string? TaxId, string? Segment);

/// <summary>A person (the dealership's <c>PF</c>, a contact of type <c>person</c>) or a company (<c>PJ</c>, <c>company</c>).</summary>
public enum CustomerKind { Person, Company }

/// <summary>One entry of a customer's address book; the first one is the dealership client's <c>address</c>.</summary>
public sealed record CustomerAddress(
    string Id, string? Name, string? Street, string? Number, string? Complement, string? District, string? City,
    string? State, string? PostalCode, string? CountryCode, string? Phone);

/// <summary><paramref name="Door"/>: the route it came in by (<c>contact</c>, <c>customer</c> or <c>client</c>), kept for the record.</summary>
public sealed record CustomerRegistered(string CustomerId, string Door, CustomerDetails Details, DateTimeOffset RegisteredAt) : ICustomerEvent;

/// <summary>The details as they are now (all of them, so a reader needs no earlier event).</summary>
public sealed record CustomerDetailsChanged(string CustomerId, CustomerDetails Details, DateTimeOffset ChangedAt) : ICustomerEvent;

/// <summary>Hidden from lists from now on; the record, its history and its email and tax id stay.</summary>
public sealed record CustomerArchived(string CustomerId, DateTimeOffset ArchivedAt) : ICustomerEvent;

public sealed record CustomerAddressAdded(string CustomerId, CustomerAddress Address, DateTimeOffset AddedAt) : ICustomerEvent;

public sealed record CustomerAddressChanged(string CustomerId, CustomerAddress Address, DateTimeOffset ChangedAt) : ICustomerEvent;

public sealed record CustomerAddressRemoved(string CustomerId, string AddressId, DateTimeOffset RemovedAt) : ICustomerEvent;

/// <summary>This customer was a duplicate of <paramref name="SurvivorId"/>: kept with its history, pointing at the survivor.</summary>
public sealed record CustomerMergedInto(string CustomerId, string SurvivorId, DateTimeOffset MergedAt) : ICustomerEvent;

/// <summary>On the survivor: <paramref name="DuplicateId"/> was merged into this customer, whose id now stands for both.</summary>
public sealed record CustomerMerged(string CustomerId, string DuplicateId, DateTimeOffset MergedAt) : ICustomerEvent;
