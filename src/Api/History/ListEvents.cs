using Commerce.Api.Access;
using Commerce.Api.Http;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.History;

public sealed class ListEventsRequest : CursorRequest
{
    /// <summary>Comma-separated event types, e.g. <c>stock_adjusted,stock_ran_out</c>.</summary>
    public string? Types { get; set; }
}

public sealed class ListEventsValidator : Validator<ListEventsRequest>
{
    public ListEventsValidator()
    {
        Include(new CursorRules());
        RuleFor(x => FeedTypes.Parse(x.Types)).Must(FeedTypes.AreKnown).WithName("types").WithMessage(_ => FeedTypes.UnknownMessage);
    }
}

/// <summary><c>GET /v1/events</c>: the tenant's global feed in a stable order, for consumers that replay.</summary>
public sealed class ListEventsEndpoint(IQuerySession session) : Endpoint<ListEventsRequest, EventPage>
{
    public override void Configure()
    {
        Get("events");
        Policies(ApiScopes.Required(ApiScopes.ReadEvents));
        Description(d => d.ClearDefaultAccepts().WithTags("History").WithSummary("The tenant's events after a cursor, in commit-safe order")
            .Produces<EventPage>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListEventsRequest req, CancellationToken ct)
    {
        await Send.OkAsync(await EventFeed.ReadPageAsync(session, new EventFilter(req.Cursor, req.PageSize, FeedTypes.Parse(req.Types)), ct), ct);
    }
}
