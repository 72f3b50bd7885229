using Commerce.Projections;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Linq.MatchesSql;

namespace Commerce.Api.History;

/// <summary>Filters of a cursor read over the tenant's events; every read is in sequence order.</summary>
public sealed record EventFilter(
    long After, int Limit, IReadOnlyCollection<string>? Types = null, string? Actor = null, string? StreamKey = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>
/// Reads the tenant's events after a cursor, never past the daemon's high-water mark: sequences are taken when a
/// transaction inserts and may commit out of order, and the high-water mark is the point below which no gap can still
/// fill. So a cursor never skips an event that commits late, and pages are stable under concurrent appends.
/// </summary>
public static class EventFeed
{
    public static async Task<(IReadOnlyList<IEvent> Events, long? NextCursor)> ReadAsync(IQuerySession session, EventFilter filter, CancellationToken ct)
    {
        // The bound is read in the page's own statement: one round trip, and the mark it compares with is the one of
        // the statement's snapshot.
        var upToHighWaterMark = UpToHighWaterMark(session);
        var query = session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence > filter.After && e.MatchesSql(upToHighWaterMark));
        if (filter.Types is { Count: > 0 } types) query = query.Where(e => types.Contains(e.EventTypeName));
        if (filter.Actor is { } actor) query = query.Where(e => e.UserName == actor);
        if (filter.StreamKey is { } stream) query = query.Where(e => e.StreamKey == stream);
        if (filter.From is { } from) query = query.Where(e => e.Timestamp >= from);
        if (filter.To is { } to) query = query.Where(e => e.Timestamp < to);

        var events = await query.OrderBy(e => e.Sequence).Take(filter.Limit).Inlined().ToListAsync(ct);
        return (events, events.Count == filter.Limit ? events[^1].Sequence : null);
    }

    private static string UpToHighWaterMark(IQuerySession session) =>
        $"d.seq_id <= coalesce((select last_seq_id from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_event_progression " +
        $"where name = '{ShardState.HighWaterMark}'), 0)";

    /// <summary>One page of the feed as routes answer it: the records and the cursor of the next page.</summary>
    public static async Task<EventPage> ReadPageAsync(IQuerySession session, EventFilter filter, CancellationToken ct)
    {
        var (events, next) = await ReadAsync(session, filter, ct);
        return new EventPage(events.Select(EventRecord.From).ToList(), new CursorMeta(filter.Limit, next));
    }
}
