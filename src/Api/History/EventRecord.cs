using JasperFx.Events;

namespace Commerce.Api.History;

/// <summary>Who did it and why: the metadata every append carries.</summary>
public sealed record EventMetadataResponse(string? Actor, string? CorrelationId, string? CausationId, string? RequestPath);

/// <summary>One stored event as clients see it in history, audit and the feed.</summary>
public sealed record EventRecord(
    long Sequence, Guid Id, string Type, string? Resource, string Stream, long Version, DateTimeOffset Timestamp,
    object Data, EventMetadataResponse Metadata)
{
    /// <remarks><c>stream</c> is the record's id as its routes name it (without its resource's key prefix).</remarks>
    public static EventRecord From(IEvent e)
    {
        var resource = EventResources.Of(e.EventTypeName);
        var key = e.StreamKey ?? e.StreamId.ToString();
        return new(e.Sequence, e.Id, e.EventTypeName, resource?.Name, resource?.IdOf(key) ?? key, e.Version, e.Timestamp, e.Data,
            new EventMetadataResponse(e.UserName, e.CorrelationId, e.CausationId,
                e.Headers?.GetValueOrDefault(WritePath.CommandMetadata.RequestPathHeader)?.ToString()));
    }
}

/// <summary>A page of a growing feed: <c>meta.next_cursor</c> is the <c>after</c> of the next page.</summary>
public sealed record EventPage(IReadOnlyList<EventRecord> Data, CursorMeta Meta);

public sealed record CursorMeta(int Limit, long? NextCursor);
