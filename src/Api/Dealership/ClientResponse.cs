using Commerce.Api.Customers;
using Commerce.Domain.Customers;
using FluentValidation;

namespace Commerce.Api.Dealership;

/// <summary>
/// A customer through the dealership's door (Ecosys Auto's client): <c>PF</c> (a person, with a CPF) or <c>PJ</c> (a
/// company, with a CNPJ), the tax id masked as the seed shows it, a segment, and the first address of its address book.
/// </summary>
public sealed record ClientResponse(
    string Id, string Type, string Name, string? Email, string? Cpf, string? Cnpj, string? Phone, string? Segment,
    ClientAddress? Address, string Status, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Pf = "PF";
    public const string Pj = "PJ";

    public static CustomerKind KindOf(string type) => type == Pj ? CustomerKind.Company : CustomerKind.Person;

    public static ClientResponse From(Customer customer, long version)
    {
        var details = customer.Details;
        var taxId = details.TaxId is { } digits ? TaxIds.Format(digits) : null;
        return new(customer.Id, details.Kind == CustomerKind.Company ? Pj : Pf, details.Name, details.Email,
            details.TaxId?.Length == 11 ? taxId : null, details.TaxId?.Length == 14 ? taxId : null, details.Phone, details.Segment,
            customer.Addresses.FirstOrDefault() is { } address ? ClientAddress.From(address) : null,
            customer.Archived ? "inactive" : "active", version, customer.CreatedAt, customer.UpdatedAt);
    }
}

/// <summary>A client's address, in the dealership's words (<c>neighborhood</c>, <c>zip_code</c>).</summary>
public sealed record ClientAddress(
    string? Street, string? Number, string? Complement, string? Neighborhood, string? City, string? State, string? ZipCode)
{
    public static ClientAddress From(CustomerAddress a) => new(a.Street, a.Number, a.Complement, a.District, a.City, a.State, a.PostalCode);

    public CustomerAddress ToAddress(string id) => new(id, null, Street, Number, Complement, Neighborhood, City, State, ZipCode, "BR", null);
}

public sealed class ClientAddressRules : AbstractValidator<ClientAddress>
{
    public ClientAddressRules()
    {
        RuleFor(x => x.Street).NotEmpty().WithMessage("address.street is required.").MaximumLength(200);
        RuleFor(x => x.City).NotEmpty().WithMessage("address.city is required.").MaximumLength(100);
        RuleFor(x => x.Number).MaximumLength(20);
        RuleFor(x => x.Complement).MaximumLength(100);
        RuleFor(x => x.Neighborhood).MaximumLength(100);
        RuleFor(x => x.State).Matches("^[A-Z]{2}$").WithMessage("address.state must be a state's two capital letters (UF), e.g. SP.");
        RuleFor(x => x.ZipCode).Matches(@"^[0-9]{5}-?[0-9]{3}$").WithMessage("address.zip_code must be a CEP, e.g. 01310-100.");
    }
}

/// <summary>A client's type and tax id, as the requests that create or change one carry them.</summary>
public interface IClientTaxId
{
    string? Type { get; }
    string? Cpf { get; }
    string? Cnpj { get; }
}

/// <summary>
/// A PF has a valid CPF and a PJ a valid CNPJ, never the other; <paramref name="required"/>: a new client must have
/// its type's. Check digits are verified here, so a wrong one is a 400 naming the field.
/// </summary>
public sealed class ClientTaxIdRules : AbstractValidator<IClientTaxId>
{
    public ClientTaxIdRules(bool required)
    {
        RuleFor(x => x.Type).Must(t => t is ClientResponse.Pf or ClientResponse.Pj || (!required && t is null))
            .WithMessage("type must be PF (pessoa física) or PJ (pessoa jurídica).");
        RuleFor(x => x.Cpf).Custom((value, context) => Check(value, 11, TaxIds.IsValidCpf, "cpf", "987.654.321-00", context));
        RuleFor(x => x.Cnpj).Custom((value, context) => Check(value, 14, TaxIds.IsValidCnpj, "cnpj", "11.222.333/0001-81", context));
        RuleFor(x => x.Cpf).NotEmpty().When(x => required && x.Type == ClientResponse.Pf).WithMessage("cpf is required for a PF client.");
        RuleFor(x => x.Cnpj).NotEmpty().When(x => required && x.Type == ClientResponse.Pj).WithMessage("cnpj is required for a PJ client.");
        RuleFor(x => x.Cnpj).Null().When(x => x.Type == ClientResponse.Pf).WithMessage("A PF client has a cpf, not a cnpj.");
        RuleFor(x => x.Cpf).Null().When(x => x.Type == ClientResponse.Pj).WithMessage("A PJ client has a cnpj, not a cpf.");
    }

    /// <summary>The tax id's digits, for a request the rules accepted.</summary>
    public static string? Digits(IClientTaxId client) => TaxIds.Digits(client.Cpf, 11) ?? TaxIds.Digits(client.Cnpj, 14);

    private static void Check<T>(string? value, int length, Func<string, bool> isValid, string field, string example, ValidationContext<T> context)
    {
        if (value is null) return;
        if (TaxIds.Digits(value, length) is not { } digits)
            context.AddFailure(field, $"{field} must have {length} digits, masked or not, e.g. {example}.");
        else if (!isValid(digits))
            context.AddFailure(field, $"{field} {value} is not valid: its check digits are wrong ({example} is a valid one).");
    }
}
