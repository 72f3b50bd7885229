using System.Globalization;
using System.Text.Json;
using Commerce.Api.Access;
using Commerce.Api.Http;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.History;

public sealed class StreamEventsRequest
{
    public long? After { get; set; }
    public string? Types { get; set; }

    [FromHeader("Last-Event-ID", isRequired: false)]
    public string? LastEventId { get; set; }
}

public sealed class StreamEventsValidator : Validator<StreamEventsRequest>
{
    public StreamEventsValidator()
    {
        RuleFor(x => x.After).GreaterThanOrEqualTo(0).WithMessage("after is a sequence number, 0 or more.");
        RuleFor(x => x.LastEventId).Matches("^[0-9]{1,18}$").When(x => x.LastEventId is not null)
            .WithMessage("Last-Event-ID must be the id of an event this stream sent.");
        RuleFor(x => FeedTypes.Parse(x.Types)).Must(FeedTypes.AreKnown).WithName("types").WithMessage(_ => FeedTypes.UnknownMessage);
    }
}

/// <summary>
/// <c>GET /v1/events/stream</c>: the feed as Server-Sent Events. Each event's SSE id is its sequence, so a client
/// that reconnects with <c>Last-Event-ID</c> (browsers do it themselves) resumes exactly after the last one it got.
/// </summary>
public sealed class StreamEventsEndpoint(IQuerySession session) : Endpoint<StreamEventsRequest>
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan KeepAliveEvery = TimeSpan.FromSeconds(15);

    public override void Configure()
    {
        Get("events/stream");
        Policies(ApiScopes.Required(ApiScopes.ReadEvents));
        Description(d => d.ClearDefaultAccepts().WithTags("History").WithSummary("Live feed of the tenant's events (text/event-stream)")
            .Produces(200, contentType: "text/event-stream").ProducesReadProblems());
    }

    public override async Task HandleAsync(StreamEventsRequest req, CancellationToken ct)
    {
        var cursor = req.LastEventId is { } last ? long.Parse(last, CultureInfo.InvariantCulture) : req.After ?? 0;
        var response = HttpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.WriteAsync(": connected\n\n", ct);
        await response.Body.FlushAsync(ct);

        try
        {
            await SendUntilDisconnectedAsync(req, cursor, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away; it resumes with Last-Event-ID.
        }
    }

    private async Task SendUntilDisconnectedAsync(StreamEventsRequest req, long cursor, CancellationToken ct)
    {
        var response = HttpContext.Response;
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        var quietSince = DateTimeOffset.UtcNow;
        while (!ct.IsCancellationRequested)
        {
            var (events, _) = await EventFeed.ReadAsync(session, new EventFilter(cursor, CursorRequest.MaxLimit, FeedTypes.Parse(req.Types)), ct);
            foreach (var e in events)
            {
                await response.WriteAsync(
                    $"id: {e.Sequence}\nevent: {e.EventTypeName}\ndata: {JsonSerializer.Serialize(EventRecord.From(e), json)}\n\n", ct);
                cursor = e.Sequence;
            }
            if (events.Count > 0)
            {
                await response.Body.FlushAsync(ct);
                quietSince = DateTimeOffset.UtcNow;
                continue;
            }
            if (DateTimeOffset.UtcNow - quietSince > KeepAliveEvery)
            {
                await response.WriteAsync(": keep-alive\n\n", ct);
                await response.Body.FlushAsync(ct);
                quietSince = DateTimeOffset.UtcNow;
            }
            await Task.Delay(PollEvery, ct);
        }
    }
}
