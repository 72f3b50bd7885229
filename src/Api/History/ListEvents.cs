using Commerce.Api.Access;
using Commerce.Api.Http;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.History;

public sealed class ListEventsRequest
{
    /// <summary>Cursor: the sequence of the last event already seen (0 = from the beginning).</summary>
    public long? After { get; set; }

    public int? Limit { get; set; }

    /// <summary>Comma-separated event types, e.g. <c>stock_adjusted,stock_ran_out</c>.</summary>
    public string? Types { get; set; }

    internal IReadOnlyCollection<string>? TypeList =>
        Types?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

internal static class FeedRules
{
    public const int MaxLimit = 500;

    public static IReadOnlyList<string> KnownTypes { get; } = EventResources.All.SelectMany(r => r.EventTypeNames).ToArray();

    public static bool AreKnownTypes(IReadOnlyCollection<string>? types) => types is null || types.All(KnownTypes.Contains);

    public static string UnknownTypesMessage => $"Unknown event type; valid types: {string.Join(", ", KnownTypes)}.";
}

public sealed class ListEventsValidator : Validator<ListEventsRequest>
{
    public ListEventsValidator()
    {
        RuleFor(x => x.After).GreaterThanOrEqualTo(0).WithMessage("after is a sequence number, 0 or more.");
        RuleFor(x => x.Limit).InclusiveBetween(1, FeedRules.MaxLimit).WithMessage($"limit must be between 1 and {FeedRules.MaxLimit}.");
        RuleFor(x => x.TypeList).Must(FeedRules.AreKnownTypes).WithName("types").WithMessage(_ => FeedRules.UnknownTypesMessage);
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
        var limit = req.Limit ?? 100;
        var (events, next) = await EventFeed.ReadAsync(session, new EventFilter(req.After ?? 0, limit, req.TypeList), ct);
        await Send.OkAsync(new EventPage(events.Select(EventRecord.From).ToList(), new CursorMeta(limit, next)), ct);
    }
}
