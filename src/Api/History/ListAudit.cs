using Commerce.Api.Access;
using Commerce.Api.Http;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.History;

public sealed class ListAuditRequest : CursorRequest
{
    /// <summary>API key id that made the change (<c>key_...</c>).</summary>
    public string? Actor { get; set; }

    /// <summary>Resource kind (e.g. <c>inventory</c>).</summary>
    public string? Resource { get; set; }

    /// <summary>One record of that resource (e.g. a SKU); needs <c>resource</c>.</summary>
    public string? ResourceId { get; set; }

    public DateTimeOffset? From { get; set; }
    public DateTimeOffset? To { get; set; }

    /// <summary>One event type, e.g. <c>stock_adjusted</c>.</summary>
    public string? Type { get; set; }
}

public sealed class ListAuditValidator : Validator<ListAuditRequest>
{
    public ListAuditValidator()
    {
        Include(new CursorRules());
        RuleFor(x => x.Resource).Must(r => EventResources.Named(r!) is not null).When(x => x.Resource is not null)
            .WithMessage($"resource must be one of: {string.Join(", ", EventResources.All.Select(r => r.Name))}.");
        RuleFor(x => x.ResourceId).Null().When(x => x.Resource is null).WithMessage("resource_id needs resource.");
        RuleFor(x => x.Type).Must(t => FeedTypes.AreKnown([t!])).When(x => x.Type is not null).WithMessage(_ => FeedTypes.UnknownMessage);
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x is { From: not null, To: not null }).WithMessage("to must be after from.");
    }
}

/// <summary><c>GET /v1/audit</c>: who did what and when, across the tenant.</summary>
public sealed class ListAuditEndpoint(IQuerySession session) : Endpoint<ListAuditRequest, EventPage>
{
    public override void Configure()
    {
        Get("audit");
        Policies(ApiScopes.Required(ApiScopes.ReadAudit));
        Description(d => d.ClearDefaultAccepts().WithTags("History").WithSummary("Audit trail of the tenant's changes")
            .Produces<EventPage>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListAuditRequest req, CancellationToken ct)
    {
        var resource = req.Resource is { } name ? EventResources.Named(name)! : null;
        IReadOnlyCollection<string>? types = req.Type is { } type ? [type] : resource?.EventTypeNames.ToArray();
        var streamKey = req.ResourceId is { } id ? resource!.StreamKeyOf(id) : null;
        var filter = new EventFilter(req.Cursor, req.PageSize, types, req.Actor, streamKey, req.From, req.To);
        await Send.OkAsync(await EventFeed.ReadPageAsync(session, filter, ct), ct);
    }
}
