using Commerce.Domain.Customers;

namespace Commerce.Api.Customers;

/// <summary>
/// A customer through the contacts door (ECOSIRE's contact). <c>organization_id</c> is the tenant (the workspace the
/// contact belongs to); <c>status</c> is <c>active</c> or <c>archived</c>.
/// </summary>
public sealed record ContactResponse(
    string Id, string Name, string? Email, string? Phone, string Type, string OrganizationId, string Status, long Version,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Company = "company";
    public const string Person = "person";

    public static string TypeOf(CustomerKind kind) => kind == CustomerKind.Company ? Company : Person;

    public static CustomerKind KindOf(string type) => type == Company ? CustomerKind.Company : CustomerKind.Person;

    /// <summary><c>active</c>, <c>archived</c>, or <c>merged</c> (into the customer its <c>merged_into</c> names).</summary>
    public static string StatusOf(Customer customer) => customer.MergedInto is not null ? "merged" : customer.Archived ? "archived" : "active";

    public static ContactResponse From(Customer customer, long version, string tenant) => new(
        customer.Id, customer.Details.Name, customer.Details.Email, customer.Details.Phone, TypeOf(customer.Details.Kind), tenant,
        StatusOf(customer), version, customer.CreatedAt, customer.UpdatedAt);
}
