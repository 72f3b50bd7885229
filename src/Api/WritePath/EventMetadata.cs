using Marten;
using Wolverine;

namespace Commerce.Api.WritePath;

/// <summary>
/// Wolverine middleware on every handler: puts the envelope's tenant, actor (API key id), correlation, causation and
/// request path onto the Marten session, so every appended event carries them. Audit and replay depend on it.
/// </summary>
public static class EventMetadata
{
    public const string ActorHeader = "actor";
    public const string RequestPathHeader = "request_path";

    public static void Before(Envelope envelope, IDocumentSession session)
    {
        session.CorrelationId = envelope.CorrelationId;
        session.CausationId = envelope.Headers.GetValueOrDefault("causation-id") ?? envelope.Id.ToString();
        if (envelope.Headers.TryGetValue(ActorHeader, out var actor)) session.LastModifiedBy = actor;
        if (envelope.Headers.TryGetValue(RequestPathHeader, out var path)) session.SetHeader(RequestPathHeader, path!);
    }
}
