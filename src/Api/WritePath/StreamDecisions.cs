using Commerce.Domain.Common;
using JasperFx.Events;
using Marten;

namespace Commerce.Api.WritePath;

/// <summary>A command of a batch as the stream sees it: its If-Match, its decision and its request's metadata.</summary>
public sealed record StreamCommand<TState>(long? ExpectedVersion, Func<TState?, Decision> Decide, CommandMetadata Metadata);

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
        return Decide(stream, stream.Aggregate, expectedVersion, decide, evolve, clock).Outcome;
    }

    /// <summary>
    /// Several commands on one stream, each decided over the state the previous ones left, appended in one
    /// transaction (group commit). Each gets its own outcome; a stale or rejected one appends nothing and the next
    /// one goes on. Each event carries the metadata of the command that caused it.
    /// </summary>
    public static async Task<IReadOnlyList<WriteOutcome<TState>>> DecideEachAsync<TState>(
        this IDocumentSession session, string streamId, IReadOnlyList<StreamCommand<TState>> commands,
        Func<TState?, object, TState?> evolve, TimeProvider clock, CancellationToken ct) where TState : class
    {
        var stream = await session.Events.FetchForWriting<TState>(streamId, ct);
        var state = stream.Aggregate;
        var outcomes = new List<WriteOutcome<TState>>(commands.Count);
        foreach (var command in commands)
        {
            var appendedBefore = stream.Events.Count;
            (var outcome, state) = Decide(stream, state, command.ExpectedVersion, command.Decide, evolve, clock);
            foreach (var e in stream.Events.Skip(appendedBefore)) command.Metadata.ApplyTo(e);
            outcomes.Add(outcome);
        }
        return outcomes;
    }

    private static (WriteOutcome<TState> Outcome, TState? State) Decide<TState>(
        IEventStream<TState> stream, TState? state, long? expectedVersion, Func<TState?, Decision> decide,
        Func<TState?, object, TState?> evolve, TimeProvider clock) where TState : class
    {
        var version = stream.CurrentVersion ?? 0;
        if (expectedVersion is { } expected && expected != version) return (new WriteOutcome<TState>.Stale(version), state);

        var decision = decide(state);
        if (decision.Error is { } error) return (new WriteOutcome<TState>.Rejected(error), state);

        stream.AppendMany(decision.Events);
        var next = decision.Events.Aggregate(state, evolve);
        return (new WriteOutcome<TState>.Written(next!, version + decision.Events.Count, clock.GetUtcNow()), next);
    }
}
