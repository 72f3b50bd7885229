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
/// A command that can be decided together with other commands of its type, in one transaction (group commit): the
/// ones queued behind it on its stream, and those of other streams waiting for a commit at the same time. A hot stream
/// then pays one fetch, one append and one commit for many commands, and many streams share one round trip and commit.
/// </summary>
public interface IBatchableCommand
{
    /// <summary>The message that carries several of these commands (same tenant, one or more streams) to one handler call.</summary>
    object BatchOf(IReadOnlyList<Batched> commands);
}
