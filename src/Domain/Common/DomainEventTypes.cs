using System.Collections.Concurrent;

namespace Commerce.Domain.Common;

/// <summary>The event types of one kind of stream: those implementing its marker (e.g. <c>IInventoryEvent</c>), found once.</summary>
public static class DomainEventTypes
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<Type>> ByMarker = new();

    /// <summary>Every concrete event type implementing <paramref name="marker"/>, by name.</summary>
    public static IReadOnlyList<Type> Of(Type marker) => ByMarker.GetOrAdd(marker, m => typeof(IDomainEvent).Assembly.GetTypes()
        .Where(t => t is { IsInterface: false, IsAbstract: false } && t.IsAssignableTo(m))
        .OrderBy(t => t.Name, StringComparer.Ordinal).ToArray());
}
