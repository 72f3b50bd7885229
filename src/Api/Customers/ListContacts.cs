using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Customers;

public sealed class ListContactsRequest : PagedRequest
{
    /// <summary>Part of the name or email, any case.</summary>
    public string? Q { get; set; }

    /// <summary><c>company</c> or <c>person</c>.</summary>
    public string? Type { get; set; }

    /// <summary>Wait until the list holds every write committed before this request (read your writes).</summary>
    public bool? Consistent { get; set; }
}

public sealed class ListContactsValidator : Validator<ListContactsRequest>
{
    public ListContactsValidator()
    {
        Include(new PagingRules());
        RuleFor(x => x.Q).ShortText("q", 100);
        RuleFor(x => x.Type).Must(t => t is null or ContactResponse.Company or ContactResponse.Person).WithMessage("type must be company or person.");
    }
}

public sealed record ContactListResponse(IReadOnlyList<ContactResponse> Data, PageMeta Meta) : PagedList<ContactResponse>(Data, Meta);

public sealed class ListContactsEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : Endpoint<ListContactsRequest, ContactListResponse>
{
    public override void Configure()
    {
        Get("contacts");
        Policies(ApiScopes.Required(CustomersContext.ReadCustomers));
        Description(d => d.ClearDefaultAccepts().WithTags("Contacts").WithSummary("Contacts that are not archived, oldest first; q searches name and email")
            .Produces<ContactListResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListContactsRequest req, CancellationToken ct)
    {
        var (page, total) = await CustomerReads.ListAsync(session, readYourWrites, req,
            req.Type is null ? null : ContactResponse.KindOf(req.Type), req.Q, req.Consistent == true, ct);
        await Send.OkAsync(new ContactListResponse(page.Select(v => ContactResponse.From(v.State, v.Version, User.TenantId())).ToList(),
            PageMeta.Of(req, total)), ct);
    }
}
