using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Customers;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Customers;

public sealed class RegisterCustomerRequest
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }

    /// <summary><c>person</c> (default) or <c>company</c>.</summary>
    public string? Type { get; set; }

    /// <summary>The address book to start with.</summary>
    public List<AddressRequest>? Addresses { get; set; }
}

public sealed class RegisterCustomerValidator : Validator<RegisterCustomerRequest>
{
    public RegisterCustomerValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("name is required.").CustomerName();
        RuleFor(x => x.Email).NotEmpty().WithMessage("email is required.").CustomerEmail();
        RuleFor(x => x.Phone).CustomerPhone();
        RuleFor(x => x.Type).Must(t => t is null or ContactResponse.Company or ContactResponse.Person).WithMessage("type must be company or person.");
        RuleFor(x => x.Addresses).Must(a => a is null || a.Count <= CustomerDecisions.MaxAddresses)
            .WithMessage($"addresses holds at most {CustomerDecisions.MaxAddresses} addresses.");
        RuleForEach(x => x.Addresses).NotNull().WithMessage("Each address is an object.").SetValidator(new AddressRules());
    }
}

/// <summary>Registers the customers and takes their emails and tax ids, in one transaction, through whichever door.</summary>
public static class RegisterCustomerHandler
{
    public static async Task<IReadOnlyList<WriteOutcome<Customer>>> Handle(
        CommandBatch<RegisterCustomer> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var claims = await ClaimsStore.LoadAsync(session, batch.Commands.SelectMany(c => CustomerClaims.KeysOf(c.Command.Details)), ct);
        return await session.DecideEachAsync<RegisterCustomer, Customer>(batch, claims.Deciding<Customer, RegisterCustomer>(CustomerDecisions.Decide, Customer.Evolve, CustomerClaims.KeysOf),
            Customer.Evolve, clock, ct);
    }
}

public sealed class RegisterCustomerEndpoint : CommandEndpoint<RegisterCustomerRequest, CustomerResponse>
{
    public override void Configure()
    {
        Post("customers");
        Policies(ApiScopes.Required(CustomersContext.CreateCustomers));
        Description(d => d.WithTags("Customers").WithSummary("Add a customer with an address book (409 naming the customer that has the email already)")
            .Produces<CustomerResponse>(201).ProducesWriteProblems());
    }

    public override Task HandleAsync(RegisterCustomerRequest req, CancellationToken ct) =>
        SendCommandAsync<RegisterCustomer, Customer>(
            new RegisterCustomer(Guid.CreateVersion7().ToString(), "customer",
                new CustomerDetails(ContactResponse.KindOf(req.Type ?? ContactResponse.Person), req.Name!.Trim(), req.Email, req.Phone, null, null),
                (req.Addresses ?? []).Select(a => a.ToAddress(AddressRequest.NewId())).ToList()),
            written => CustomerResponse.From(written.Result, written.Version), ct, 201, c => $"/v1/customers/{c.Id}");
}
