using Commerce.Domain.Common;
using JasperFx;
using JasperFx.Events;
using Marten;

namespace Commerce.Api.WritePath;

/// <summary>The one shape of every command handler: load the streams, decide over their state, append the events.</summary>
public static class StreamDecisions
{
    /// <summary>
    /// The commands of a batch, on one stream or on many, appended in one transaction (group commit). The streams are
    /// loaded in one round trip; each command is decided over the state the previous commands of its stream left and gets
    /// its own outcome (a stale or rejected one appends nothing and the next one goes on). Each command reads the clock
    /// once: its events' time and its answer's are the same. Each event carries the metadata of the command that caused
    /// it. Outcomes come in the order of the commands.
    /// </summary>
    /// <remarks>
    /// New state is the fold of the new events over the loaded state, never a mutated aggregate (Marten reuses that
    /// instance). Wolverine's transactional middleware commits afterwards; a lost race surfaces there as a
    /// ConcurrencyException, which the retry policy answers by running the handler again.
    /// </remarks>
    public static async Task<IReadOnlyList<WriteOutcome<TState>>> DecideEachAsync<TCommand, TState>(
        this IDocumentSession session, CommandBatch<TCommand> batch, Func<TState?, TCommand, DateTimeOffset, Decision> decide,
        Func<TState?, object, TState?> evolve, TimeProvider clock, CancellationToken ct)
        where TCommand : IStreamCommand where TState : class
    {
        // Streams in key order: two nodes appending to the same streams take their row locks in the same order, so
        // overlapping batches wait for each other instead of deadlocking.
        var byStream = batch.Commands.Select((command, index) => (command, index))
            .GroupBy(c => c.command.Command.StreamId).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        // The reads and the append in one transaction: one connection from the pool for the batch instead of one each.
        await session.BeginTransactionAsync(ct);
        if (byStream.Count > 1) await session.LockAllOrFailAsync(byStream.Select(g => g.Key).ToList(), ct);
        var fetch = session.CreateBatchQuery();
        var fetches = byStream.Select(g => fetch.Events.FetchForWriting<TState>(g.Key)).ToList();
        await fetch.Execute(ct);

        var outcomes = new WriteOutcome<TState>[batch.Commands.Count];
        foreach (var (group, fetched) in byStream.Zip(fetches))
        {
            var stream = await fetched;
            var state = ConsistentState(stream);
            foreach (var ((command, metadata), index) in group)
                (outcomes[index], state) = Decide(stream, state, command, metadata, decide, evolve, clock.GetUtcNow());
        }
        return outcomes;
    }

    /// <summary>One command: a batch of one, for handlers that send a command of their own (e.g. the webhook sender).</summary>
    public static async Task<WriteOutcome<TState>> DecideAsync<TCommand, TState>(
        this IDocumentSession session, Batched<TCommand> command, Func<TState?, TCommand, DateTimeOffset, Decision> decide,
        Func<TState?, object, TState?> evolve, TimeProvider clock, CancellationToken ct)
        where TCommand : IStreamCommand where TState : class =>
        (await session.DecideEachAsync(new CommandBatch<TCommand>([command]), decide, evolve, clock, ct))[0];

    /// <summary>
    /// The loaded state, unless the stream looked new. FetchForWriting reads the stream's version, then its snapshot, in
    /// two statements; under READ COMMITTED another node's first write to the stream can commit between them, so the
    /// stream looks new while its snapshot exists. Deciding over that pair would start the existing stream again
    /// without its first event (a 500 in the fault suite); the retry policy re-reads both instead. (The other way
    /// round, an existing stream without state, is a deleted webhook, and the read order rules out the race.)
    /// </summary>
    internal static TState? ConsistentState<TState>(IEventStream<TState> stream) where TState : class =>
        (stream.CurrentVersion ?? 0) == 0 && stream.Aggregate is not null
            ? throw new ConcurrencyException(typeof(TState), stream.Key ?? stream.Id.ToString())
            : stream.Aggregate;

    private static (WriteOutcome<TState> Outcome, TState? State) Decide<TCommand, TState>(
        IEventStream<TState> stream, TState? state, TCommand command, CommandMetadata metadata,
        Func<TState?, TCommand, DateTimeOffset, Decision> decide, Func<TState?, object, TState?> evolve, DateTimeOffset now)
        where TCommand : IStreamCommand where TState : class
    {
        var version = stream.CurrentVersion ?? 0;
        if (command.ExpectedVersion is { } expected && expected != version) return (new WriteOutcome<TState>.Stale(version), state);

        var decision = decide(state, command, now);
        if (decision.Error is { } error) return (new WriteOutcome<TState>.Rejected(error), state);

        stream.AppendAs(decision.Events, metadata);
        var next = decision.Events.Aggregate(state, evolve);
        return (new WriteOutcome<TState>.Written(next!, version + decision.Events.Count, now), next);
    }
}
