using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Customers;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Customers;

/// <summary>The fields sent change; the ones left out stay.</summary>
public sealed class ChangeContactRequest : ConditionalRequest
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Type { get; set; }
}

public sealed class ChangeContactValidator : Validator<ChangeContactRequest>
{
    public ChangeContactValidator()
    {
        Include(new IfMatchRules());
        RuleFor(x => x.Name).CustomerName();
        RuleFor(x => x.Email).CustomerEmail();
        RuleFor(x => x.Phone).CustomerPhone();
        RuleFor(x => x.Type).Must(t => t is null or ContactResponse.Company or ContactResponse.Person).WithMessage("type must be company or person.");
    }
}

/// <summary>Changes customers' details and moves their claims (a new email is taken, the old one released), in one transaction.</summary>
public static class ChangeCustomerHandler
{
    public static async Task<IReadOnlyList<WriteOutcome<Customer>>> Handle(
        CommandBatch<ChangeCustomer> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var claims = await ClaimsStore.LoadAsync(session, batch.Commands.SelectMany(c => Keys(c.Command)), ct);
        return await session.DecideEachAsync<ChangeCustomer, Customer>(batch, claims.Deciding<Customer, ChangeCustomer>(CustomerDecisions.Decide, Customer.Evolve, CustomerClaims.KeysOf),
            Customer.Evolve, clock, ct);
    }

    private static IEnumerable<string> Keys(ChangeCustomer command)
    {
        if (command.Email is { Length: > 0 } email) yield return CustomerClaims.EmailKey(email);
        if (command.TaxId is { Length: > 0 } taxId) yield return CustomerClaims.TaxIdKey(taxId);
    }
}

public sealed class ChangeContactEndpoint : CommandEndpoint<ChangeContactRequest, ContactResponse>
{
    public override void Configure()
    {
        Patch("contacts/{id}");
        Policies(ApiScopes.Required(CustomersContext.UpdateCustomers));
        Description(d => d.WithTags("Contacts").WithSummary("Change a contact's name, email, phone or type")
            .Produces<ContactResponse>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(ChangeContactRequest req, CancellationToken ct) =>
        SendCommandAsync<ChangeCustomer, Customer>(
            new ChangeCustomer(req.Id, req.Type is null ? null : ContactResponse.KindOf(req.Type), req.Name?.Trim(), req.Email, req.Phone, null, null,
                req.ExpectedVersion()),
            written => ContactResponse.From(written.Result, written.Version, User.TenantId()), ct);
}
