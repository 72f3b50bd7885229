using Commerce.Domain.Customers;
using FluentValidation;

namespace Commerce.Api.Customers;

/// <summary>
/// A customer through the customers door (Ecwid's customer): its details and its address book; <c>merged_into</c> on a
/// duplicate merged into another, <c>merged</c> on the survivor (the duplicates' ids).
/// </summary>
public sealed record CustomerResponse(
    string Id, string Name, string? Email, string? Phone, string Type, string? TaxId, IReadOnlyList<CustomerAddress> Addresses,
    string Status, string? MergedInto, IReadOnlyList<string> Merged, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static CustomerResponse From(Customer customer, long version) => new(
        customer.Id, customer.Details.Name, customer.Details.Email, customer.Details.Phone, ContactResponse.TypeOf(customer.Details.Kind),
        customer.Details.TaxId is { } taxId ? TaxIds.Format(taxId) : null, customer.Addresses,
        ContactResponse.StatusOf(customer), customer.MergedInto, customer.Merged, version, customer.CreatedAt, customer.UpdatedAt);
}

/// <summary>One address of an address book, as the customers door takes it.</summary>
public sealed class AddressRequest
{
    /// <summary>Who receives at this address, e.g. "Maria Santos (office)".</summary>
    public string? Name { get; set; }
    public string? Street { get; set; }
    public string? Number { get; set; }
    public string? Complement { get; set; }
    public string? District { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? PostalCode { get; set; }

    /// <summary>ISO 3166-1 alpha-2, e.g. BR.</summary>
    public string? CountryCode { get; set; }
    public string? Phone { get; set; }

    public static string NewId() => "adr_" + Guid.NewGuid().ToString("N")[..16];

    public CustomerAddress ToAddress(string id) => new(id, Name, Street, Number, Complement, District, City, State, PostalCode, CountryCode, Phone);
}

public sealed class AddressRules : AbstractValidator<AddressRequest>
{
    public AddressRules()
    {
        RuleFor(x => x.Street).NotEmpty().WithMessage("street is required.").ShortText("street");
        RuleFor(x => x.City).NotEmpty().WithMessage("city is required.").ShortText("city", 100);
        RuleFor(x => x.Name).ShortText("name");
        RuleFor(x => x.Number).ShortText("number", 20);
        RuleFor(x => x.Complement).ShortText("complement", 100);
        RuleFor(x => x.District).ShortText("district", 100);
        RuleFor(x => x.State).ShortText("state", 50);
        RuleFor(x => x.PostalCode).ShortText("postal_code", 20);
        RuleFor(x => x.CountryCode).Matches("^[A-Z]{2}$").WithMessage("country_code must be two capital letters (ISO 3166-1), e.g. BR.");
        RuleFor(x => x.Phone).CustomerPhone();
    }
}
