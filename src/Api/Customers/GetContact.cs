using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Projections.Customers;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Customers;

public sealed class RecordByIdRequest : RecordRequest
{
    public string Id { get; set; } = "";
}

public sealed class RecordByIdValidator : Validator<RecordByIdRequest>
{
    public RecordByIdValidator(TimeProvider clock) => Include(new RecordRequestRules(clock));
}

public sealed class GetContactEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : RecordEndpoint<RecordByIdRequest, ContactResponse>
{
    public override void Configure()
    {
        Get("contacts/{id}");
        Policies(ApiScopes.Required(CustomersContext.ReadCustomers));
        Description(d => d.ClearDefaultAccepts().WithTags("Contacts").WithSummary("One contact").Produces<ContactResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(RecordByIdRequest req, CancellationToken ct) => await SendRecordAsync(
        await session.FindAsync(readYourWrites, req.Id, new CustomerViewProjection(), v => v.Version, req, CustomerReads.NotFound(req.Id), ct),
        v => v.Version, v => ContactResponse.From(v.State, v.Version, User.TenantId()), ct);
}
