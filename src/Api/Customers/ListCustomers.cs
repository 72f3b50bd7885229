using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Customers;

public sealed class ListCustomersEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : Endpoint<ListContactsRequest, CustomerListResponse>
{
    public override void Configure()
    {
        Get("customers");
        Policies(ApiScopes.Required(CustomersContext.ReadCustomers));
        Description(d => d.ClearDefaultAccepts().WithTags("Customers").WithSummary("Customers that are not archived, oldest first; q searches name and email")
            .Produces<CustomerListResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListContactsRequest req, CancellationToken ct)
    {
        var (page, total) = await CustomerReads.ListAsync(session, readYourWrites, req,
            req.Type is null ? null : ContactResponse.KindOf(req.Type), req.Q, req.Consistent == true, ct);
        await Send.OkAsync(new CustomerListResponse(page.Select(v => CustomerResponse.From(v.State, v.Version)).ToList(), PageMeta.Of(req, total)), ct);
    }
}

public sealed record CustomerListResponse(IReadOnlyList<CustomerResponse> Data, PageMeta Meta) : PagedList<CustomerResponse>(Data, Meta);
