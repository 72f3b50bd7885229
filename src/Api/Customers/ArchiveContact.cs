using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Customers;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Customers;

public sealed class ArchiveContactRequest : ConditionalRequest
{
    public string Id { get; set; } = "";
}

public sealed class ArchiveContactValidator : Validator<ArchiveContactRequest>
{
    public ArchiveContactValidator() => Include(new IfMatchRules());
}

public static class ArchiveCustomerHandler
{
    public static Task<IReadOnlyList<WriteOutcome<Customer>>> Handle(
        CommandBatch<ArchiveCustomer> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        session.DecideEachAsync<ArchiveCustomer, Customer>(batch, CustomerDecisions.Decide, Customer.Evolve, clock, ct);
}

public sealed class ArchiveContactEndpoint : CommandEndpoint<ArchiveContactRequest, ContactResponse>
{
    public override void Configure()
    {
        Delete("contacts/{id}");
        Policies(ApiScopes.Required(CustomersContext.UpdateCustomers));
        Description(d => d.ClearDefaultAccepts().WithTags("Contacts")
            .WithSummary("Archive a contact: gone from lists, still readable by id with its history; its email stays taken")
            .Produces<ContactResponse>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(ArchiveContactRequest req, CancellationToken ct) =>
        SendCommandAsync<ArchiveCustomer, Customer>(new ArchiveCustomer(req.Id, req.ExpectedVersion()),
            written => ContactResponse.From(written.Result, written.Version, User.TenantId()), ct);
}
