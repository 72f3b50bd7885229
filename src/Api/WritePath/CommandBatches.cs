using Commerce.Api.Access;
using JasperFx.Events;

namespace Commerce.Api.WritePath;

/// <summary>Who sent a command and as part of what: copied onto every event the command appends (audit, replay).</summary>
public sealed record CommandMetadata(string Actor, string CorrelationId, string? CausationId, string RequestPath)
{
    public static CommandMetadata Of(HttpContext http) => new(
        http.User.KeyId() ?? "anonymous",
        Http.Problems.TraceId(http),
        http.Request.Headers.TryGetValue("X-Causation-Id", out var causation) && causation.ToString() is { Length: > 0 and <= 200 } id ? id : null,
        $"{http.Request.Method} {http.Request.Path}");

    /// <summary>Per event, so the commands of one batch keep their own metadata (Marten fills only what is unset).</summary>
    public void ApplyTo(IEvent e)
    {
        e.UserName = Actor;
        e.CorrelationId = CorrelationId;
        if (CausationId is not null) e.CausationId = CausationId;
        e.SetHeader(EventMetadata.RequestPathHeader, RequestPath);
    }
}

/// <summary>One command of a batch, with the metadata of the request that sent it.</summary>
public sealed record Batched(object Command, CommandMetadata Metadata);

/// <summary>
/// A command that can be decided together with the commands queued behind it on the same stream, in one transaction
/// (group commit): a hot stream then pays one fetch, one append and one commit for many commands.
/// </summary>
public interface IBatchableCommand
{
    /// <summary>The message that carries several of these commands (same tenant, same stream) to one handler call.</summary>
    object BatchOf(IReadOnlyList<Batched> commands);
}
