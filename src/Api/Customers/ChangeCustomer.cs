using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Customers;
using FastEndpoints;
using FluentValidation;

namespace Commerce.Api.Customers;

/// <summary>The customer's details; the address book changes through its own routes.</summary>
public sealed class ChangeCustomerRequest : ConditionalRequest
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Type { get; set; }
}

public sealed class ChangeCustomerValidator : Validator<ChangeCustomerRequest>
{
    public ChangeCustomerValidator()
    {
        Include(new IfMatchRules());
        RuleFor(x => x.Name).NotEmpty().WithMessage("name is required.").CustomerName();
        RuleFor(x => x.Email).NotEmpty().WithMessage("email is required.").CustomerEmail();
        RuleFor(x => x.Phone).CustomerPhone();
        RuleFor(x => x.Type).Must(t => t is null or ContactResponse.Company or ContactResponse.Person).WithMessage("type must be company or person.");
    }
}

public sealed class ChangeCustomerEndpoint : CommandEndpoint<ChangeCustomerRequest, CustomerResponse>
{
    public override void Configure()
    {
        Put("customers/{id}");
        Policies(ApiScopes.Required(CustomersContext.UpdateCustomers));
        Description(d => d.WithTags("Customers").WithSummary("Change a customer's name, email, phone or type")
            .Produces<CustomerResponse>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(ChangeCustomerRequest req, CancellationToken ct) =>
        SendCommandAsync<ChangeCustomer, Customer>(
            new ChangeCustomer(req.Id, req.Type is null ? null : ContactResponse.KindOf(req.Type), req.Name!.Trim(), req.Email, req.Phone, null, null,
                req.ExpectedVersion()),
            written => CustomerResponse.From(written.Result, written.Version), ct);
}
