using Commerce.Domain.Common;
using Marten;

namespace Commerce.Api.WritePath;

/// <summary>The one shape of every command handler: load the stream, decide over its state, append the events.</summary>
public static class StreamDecisions
{
    /// <remarks>
    /// New state is the fold of the new events over the loaded state, never a mutated aggregate (Marten reuses that
    /// instance). Wolverine's transactional middleware commits afterwards; a lost race surfaces there as a
    /// ConcurrencyException, which the retry policy answers by running the handler again.
    /// </remarks>
    public static async Task<WriteOutcome<TState>> DecideAsync<TState>(
        this IDocumentSession session, string streamId, long? expectedVersion, Func<TState?, Decision> decide,
        Func<TState?, object, TState?> evolve, TimeProvider clock, CancellationToken ct) where TState : class
    {
        var stream = await session.Events.FetchForWriting<TState>(streamId, ct);
        var version = stream.CurrentVersion ?? 0;
        if (expectedVersion is { } expected && expected != version) return new WriteOutcome<TState>.Stale(version);

        var decision = decide(stream.Aggregate);
        if (decision.Error is { } error) return new WriteOutcome<TState>.Rejected(error);

        stream.AppendMany(decision.Events);
        var state = decision.Events.Aggregate(stream.Aggregate, evolve);
        return new WriteOutcome<TState>.Written(state!, version + decision.Events.Count, clock.GetUtcNow());
    }
}
