using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Projections.Customers;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Customers;

public sealed class GetCustomerEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : RecordEndpoint<RecordByIdRequest, CustomerResponse>
{
    public override void Configure()
    {
        Get("customers/{id}");
        Policies(ApiScopes.Required(CustomersContext.ReadCustomers));
        Description(d => d.ClearDefaultAccepts().WithTags("Customers").WithSummary("One customer with its address book")
            .Produces<CustomerResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(RecordByIdRequest req, CancellationToken ct) => await SendRecordAsync(
        await session.FindAsync(readYourWrites, req.Id, new CustomerViewProjection(), v => v.Version, req, CustomerReads.NotFound(req.Id), ct),
        v => v.Version, v => CustomerResponse.From(v.State, v.Version), ct);
}
