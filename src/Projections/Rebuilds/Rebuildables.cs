using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;

namespace Commerce.Projections.Rebuilds;

/// <summary>
/// The projections a serving rebuild can replace, read from the store's own registrations: every async single-stream
/// projection keyed by stream key. A context's new read model is rebuildable without being listed anywhere.
/// </summary>
internal static class Rebuildables
{
    public static IReadOnlyDictionary<string, IRebuildable> Of(StoreOptions options) =>
        options.Projections.All
            .Where(p => p.Lifecycle == ProjectionLifecycle.Async)
            .Select(p => (Projection: p, View: ViewOf(p.GetType())))
            .Where(p => p.View is not null)
            .Select(p => (IRebuildable)Activator.CreateInstance(typeof(SingleStreamRebuild<>).MakeGenericType(p.View!), p.Projection.Name, p.Projection)!)
            .ToDictionary(r => r.Name);

    private static Type? ViewOf(Type? projection)
    {
        for (; projection is not null; projection = projection.BaseType)
            if (projection.IsGenericType && projection.GetGenericTypeDefinition() == typeof(SingleStreamProjection<,>)
                && projection.GetGenericArguments()[1] == typeof(string))
                return projection.GetGenericArguments()[0];
        return null;
    }
}
