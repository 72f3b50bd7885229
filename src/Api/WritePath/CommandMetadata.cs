using Commerce.Api.Access;
using JasperFx.Events;

namespace Commerce.Api.WritePath;

/// <summary>Who sent a command and as part of what: copied onto every event the command appends (audit, replay).</summary>
public sealed record CommandMetadata(string Actor, string CorrelationId, string? CausationId, string RequestPath)
{
    public const string RequestPathHeader = "request_path";

    public static CommandMetadata Of(HttpContext http) => new(
        http.User.KeyId() ?? "anonymous",
        Http.Problems.TraceId(http),
        http.Request.Headers.TryGetValue("X-Causation-Id", out var causation) && causation.ToString() is { Length: > 0 and <= 200 } id ? id : null,
        $"{http.Request.Method} {http.Request.Path}");

    /// <summary>A command the system sends itself (e.g. the webhook sender), caused by what it names.</summary>
    public static CommandMetadata System(string actor, string correlationId, string causationId) =>
        new($"system:{actor}", correlationId, causationId, "");

    /// <summary>Per event, so the commands of one batch keep their own metadata (Marten fills only what is unset).</summary>
    public void ApplyTo(IEvent e)
    {
        e.UserName = Actor;
        e.CorrelationId = CorrelationId;
        if (CausationId is not null) e.CausationId = CausationId;
        if (RequestPath.Length > 0) e.SetHeader(RequestPathHeader, RequestPath);
    }
}

public static class CommandMetadataStreams
{
    /// <summary>Appends a command's events to a stream, each carrying the command's metadata.</summary>
    public static void AppendAs<TState>(this IEventStream<TState> stream, IEnumerable<object> events, CommandMetadata metadata) where TState : class
    {
        var appendedBefore = stream.Events.Count;
        stream.AppendMany(events);
        foreach (var e in stream.Events.Skip(appendedBefore)) metadata.ApplyTo(e);
    }
}
