using Commerce.Api.Access;
using Commerce.Api.Customers;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Customers;
using FastEndpoints;
using FluentValidation;

namespace Commerce.Api.Dealership;

/// <summary>The fields sent change; the ones left out stay (the address changes through <c>/v1/customers/{id}/addresses</c>).</summary>
public sealed class ChangeClientRequest : ConditionalRequest, IClientTaxId
{
    public string Id { get; set; } = "";
    public string? Type { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Cpf { get; set; }
    public string? Cnpj { get; set; }
    public string? Phone { get; set; }
    public string? Segment { get; set; }
}

public sealed class ChangeClientValidator : Validator<ChangeClientRequest>
{
    public ChangeClientValidator()
    {
        Include(new IfMatchRules());
        Include(new ClientTaxIdRules(required: false));
        RuleFor(x => x.Name).CustomerName();
        RuleFor(x => x.Email).CustomerEmail();
        RuleFor(x => x.Phone).CustomerPhone();
        RuleFor(x => x.Segment).ShortText("segment", 50);
    }
}

public sealed class ChangeClientEndpoint : CommandEndpoint<ChangeClientRequest, Envelope<ClientResponse>>
{
    public override void Configure()
    {
        Put("clients/{id}");
        Policies(ApiScopes.Required(CustomersContext.UpdateCustomers));
        Description(d => d.WithTags("Dealership").WithSummary("Change a client's details")
            .Produces<Envelope<ClientResponse>>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(ChangeClientRequest req, CancellationToken ct) =>
        SendCommandAsync<ChangeCustomer, Customer>(
            new ChangeCustomer(req.Id, req.Type is null ? null : ClientResponse.KindOf(req.Type), req.Name?.Trim(), req.Email, req.Phone,
                ClientTaxIdRules.Digits(req), req.Segment, req.ExpectedVersion()),
            written => Envelope<ClientResponse>.Of(ClientResponse.From(written.Result, written.Version)), ct);
}
