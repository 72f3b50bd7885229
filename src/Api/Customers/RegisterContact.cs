using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Customers;
using FastEndpoints;
using FluentValidation;

namespace Commerce.Api.Customers;

public sealed class RegisterContactRequest
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }

    /// <summary><c>company</c> or <c>person</c>.</summary>
    public string? Type { get; set; }
}

public sealed class RegisterContactValidator : Validator<RegisterContactRequest>
{
    public RegisterContactValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("name is required.").CustomerName();
        RuleFor(x => x.Email).CustomerEmail();
        RuleFor(x => x.Phone).CustomerPhone();
        RuleFor(x => x.Type).NotEmpty().WithMessage("type is required: company or person.")
            .Must(t => t is ContactResponse.Company or ContactResponse.Person).WithMessage("type must be company or person.");
    }
}

public sealed class RegisterContactEndpoint : CommandEndpoint<RegisterContactRequest, ContactResponse>
{
    public override void Configure()
    {
        Post("contacts");
        Policies(ApiScopes.Required(CustomersContext.CreateCustomers));
        Description(d => d.WithTags("Contacts").WithSummary("Create a contact (409 naming the contact that has the email already)")
            .Produces<ContactResponse>(201).ProducesWriteProblems());
    }

    public override Task HandleAsync(RegisterContactRequest req, CancellationToken ct) =>
        SendCommandAsync<RegisterCustomer, Customer>(
            new RegisterCustomer(Guid.CreateVersion7().ToString(), "contact",
                new CustomerDetails(ContactResponse.KindOf(req.Type!), req.Name!.Trim(), req.Email, req.Phone, null, null), []),
            written => ContactResponse.From(written.Result, written.Version, User.TenantId()), ct, 201, c => $"/v1/contacts/{c.Id}");
}
