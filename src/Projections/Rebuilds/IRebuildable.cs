using JasperFx.Events;
using Marten;

namespace Commerce.Projections.Rebuilds;

/// <summary>A projection that can be rebuilt beside its live copy: a single-stream fold keyed by stream key.</summary>
internal interface IRebuildable
{
    string Name { get; }

    /// <summary>
    /// Folds <paramref name="byStream"/> (the events up to the pause point, one stream after the other, each in version
    /// order) and replaces the documents, counting documents written and events skipped in <paramref name="job"/>. A
    /// reader holding the live table longer than <paramref name="swapWait"/> fails the rebuild, which then changes nothing.
    /// </summary>
    Task ReplaceAsync(IDocumentStore store, IAsyncEnumerable<IReadOnlyList<IEvent>> byStream, TimeSpan swapWait, RebuildJob job, CancellationToken ct);
}
