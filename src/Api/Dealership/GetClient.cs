using Commerce.Api.Access;
using Commerce.Api.Customers;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Projections.Customers;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Dealership;

public sealed class GetClientEndpoint(IQuerySession session, ReadYourWrites readYourWrites)
    : RecordEndpoint<RecordByIdRequest, Envelope<ClientResponse>>
{
    public override void Configure()
    {
        Get("clients/{id}");
        Policies(ApiScopes.Required(CustomersContext.ReadCustomers));
        Description(d => d.ClearDefaultAccepts().WithTags("Dealership").WithSummary("One client")
            .Produces<Envelope<ClientResponse>>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(RecordByIdRequest req, CancellationToken ct) => await SendRecordAsync(
        await session.FindAsync(readYourWrites, req.Id, new CustomerViewProjection(), v => v.Version, req, CustomerReads.NotFound(req.Id), ct),
        v => v.Version, v => Envelope<ClientResponse>.Of(ClientResponse.From(v.State, v.Version)), ct);
}
