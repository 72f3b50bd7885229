using Commerce.Api.Access;
using Commerce.Api.Customers;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Customers;
using FastEndpoints;
using FluentValidation;

namespace Commerce.Api.Dealership;

public sealed class RegisterClientRequest : IClientTaxId
{
    /// <summary><c>PF</c> (pessoa física, with <c>cpf</c>) or <c>PJ</c> (pessoa jurídica, with <c>cnpj</c>).</summary>
    public string? Type { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }

    /// <summary>Masked (<c>987.654.321-00</c>) or digits only; check digits verified.</summary>
    public string? Cpf { get; set; }

    /// <summary>Masked (<c>11.222.333/0001-81</c>) or digits only; check digits verified.</summary>
    public string? Cnpj { get; set; }
    public string? Phone { get; set; }

    /// <summary>The dealership's own grouping, e.g. <c>premium</c>.</summary>
    public string? Segment { get; set; }
    public ClientAddress? Address { get; set; }
}

public sealed class RegisterClientValidator : Validator<RegisterClientRequest>
{
    public RegisterClientValidator()
    {
        RuleFor(x => x.Type).NotEmpty().WithMessage("type is required: PF or PJ.");
        Include(new ClientTaxIdRules(required: true));
        RuleFor(x => x.Name).NotEmpty().WithMessage("name is required.").CustomerName();
        RuleFor(x => x.Email).CustomerEmail();
        RuleFor(x => x.Phone).CustomerPhone();
        RuleFor(x => x.Segment).ShortText("segment", 50);
        RuleFor(x => x.Address!).SetValidator(new ClientAddressRules()).When(x => x.Address is not null);
    }
}

public sealed class RegisterClientEndpoint : CommandEndpoint<RegisterClientRequest, Envelope<ClientResponse>>
{
    public override void Configure()
    {
        Post("clients");
        Policies(ApiScopes.Required(CustomersContext.CreateCustomers));
        Description(d => d.WithTags("Dealership").WithSummary("Create a client (409 naming the client that has the email or tax id already)")
            .Produces<Envelope<ClientResponse>>(201).ProducesWriteProblems());
    }

    public override Task HandleAsync(RegisterClientRequest req, CancellationToken ct) =>
        SendCommandAsync<RegisterCustomer, Customer>(
            new RegisterCustomer(Guid.CreateVersion7().ToString(), "client",
                new CustomerDetails(ClientResponse.KindOf(req.Type!), req.Name!.Trim(), req.Email, req.Phone, ClientTaxIdRules.Digits(req),
                    req.Segment),
                req.Address is { } address ? [address.ToAddress(AddressRequest.NewId())] : []),
            written => Envelope<ClientResponse>.Of(ClientResponse.From(written.Result, written.Version)), ct, 201, c => $"/v1/clients/{c.Id}");
}
