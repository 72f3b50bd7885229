using Commerce.Api.Access;
using Commerce.Api.Customers;
using Commerce.Api.History;
using Commerce.Api.Http;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Dealership;

public sealed class ListClientsRequest : PagedRequest
{
    /// <summary>Part of the name or email, any case.</summary>
    public string? Search { get; set; }

    /// <summary><c>PF</c> or <c>PJ</c>.</summary>
    public string? Type { get; set; }

    /// <summary>Wait until the list holds every write committed before this request (read your writes).</summary>
    public bool? Consistent { get; set; }
}

public sealed class ListClientsValidator : Validator<ListClientsRequest>
{
    public ListClientsValidator()
    {
        Include(new PagingRules());
        RuleFor(x => x.Search).ShortText("search", 100);
        RuleFor(x => x.Type).Must(t => t is null or ClientResponse.Pf or ClientResponse.Pj).WithMessage("type must be PF or PJ.");
    }
}

public sealed class ListClientsEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : Endpoint<ListClientsRequest, ListEnvelope<ClientResponse>>
{
    public override void Configure()
    {
        Get("clients");
        Policies(ApiScopes.Required(CustomersContext.ReadCustomers));
        Description(d => d.ClearDefaultAccepts().WithTags("Dealership").WithSummary("Clients, oldest first; search looks in name and email")
            .Produces<ListEnvelope<ClientResponse>>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListClientsRequest req, CancellationToken ct)
    {
        var (page, total) = await CustomerReads.ListAsync(session, readYourWrites, req,
            req.Type is null ? null : ClientResponse.KindOf(req.Type), req.Search, req.Consistent == true, ct);
        await Send.OkAsync(new ListEnvelope<ClientResponse>(true, page.Select(v => ClientResponse.From(v.State, v.Version)).ToList(),
            SeedPagination.Of(req, total)), ct);
    }
}
