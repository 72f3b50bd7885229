using Commerce.Domain.Common;
using JasperFx.Events.Projections;

namespace Commerce.Projections;

public static class ProjectionEvents
{
    /// <summary>
    /// Feeds the projection only the events of one kind of stream: the domain's events that implement
    /// <typeparamref name="TMarker"/>. A projection that folds with <c>Evolve(IEvent)</c> and names no types is fed every
    /// event of the store, so its async shard would read and deserialize every event and look up a document for every
    /// stream it sees, for nothing.
    /// </summary>
    public static void IncludeEventsOf<TMarker>(this EventFilterable projection)
    {
        // Found once per marker: routes build a projection per request to read a record as of a version.
        foreach (var type in DomainEventTypes.Of(typeof(TMarker))) projection.IncludeType(type);
    }
}
