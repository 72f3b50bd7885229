using Commerce.Domain.Common;
using JasperFx;
using JasperFx.Events;
using Marten;

namespace Commerce.Api.WritePath;

/// <summary>The one shape of every command handler: load the streams, decide over their state, append the events.</summary>
public static class StreamDecisions
{
    /// <summary>
    /// The commands of a batch, on one stream or on many, appended in one transaction (group commit). Each stream's state
    /// comes from what this node decided last (<see cref="StreamStates"/>), or else is loaded, all missing streams in one
    /// round trip; each command is decided over the state the previous commands of its stream left and gets its own
    /// outcome (a stale or rejected one appends nothing and the next one goes on). Each command reads the clock once: its
    /// events' time and its answer's are the same. Each event carries the metadata of the command that caused it.
    /// Outcomes come in the order of the commands.
    /// </summary>
    /// <remarks>
    /// New state is the fold of the new events over the loaded state, never a mutated aggregate (Marten reuses that
    /// instance). Wolverine's transactional middleware commits afterwards; a lost race surfaces there as a
    /// ConcurrencyException, which the retry policy answers by running the handler again. A state this node kept is
    /// checked in the same transaction: the append expects its version, and a stream the batch does not append to has
    /// its version asserted, so a decision over a state another node moved on fails the same way and is decided again
    /// over a fresh read.
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
        if (byStream.Count > 1) await session.LockAllOrFailAsync(byStream.Select(g => g.Key).ToList(), ct);

        var kept = StreamStates.Of(session.DocumentStore);
        var streams = new Dictionary<string, DecidedStream<TState>>();
        foreach (var group in byStream)
            if (kept.TryTake<TState>(session.TenantId, group.Key, out var state, out var version))
                streams[group.Key] = DecidedStream<TState>.Kept(session, group.Key, state, version);
        if (byStream.Count > streams.Count)
        {
            var fetch = session.CreateBatchQuery();
            var fetches = byStream.Where(g => !streams.ContainsKey(g.Key))
                .Select(g => (g.Key, Stream: fetch.Events.FetchForWriting<TState>(g.Key))).ToList();
            await fetch.Execute(ct);
            foreach (var (streamId, fetched) in fetches) streams[streamId] = DecidedStream<TState>.Loaded(await fetched);
        }

        var outcomes = new WriteOutcome<TState>[batch.Commands.Count];
        foreach (var group in byStream)
        {
            var stream = streams[group.Key];
            foreach (var ((command, metadata), index) in group)
                outcomes[index] = stream.Decide(command, metadata, decide, evolve, clock.GetUtcNow());
            stream.CheckedAtCommit();
        }
        kept.PutBackAfterCommit(session, streams.Values.Where(s => s.Version > 0).Select(s => (s.Id, s.State, s.Version)).ToList());
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
}

/// <summary>
/// One stream while a batch decides its commands: its state and version as the commands before left them, and where the
/// events go (the fetched stream, or a plain append that expects the kept version).
/// </summary>
internal sealed class DecidedStream<TState> where TState : class
{
    private readonly IEventStream<TState>? fetched;
    private readonly IDocumentSession? session;
    private readonly long keptVersion;
    private StreamAction? appended;

    private DecidedStream(string id, TState? state, long version, IEventStream<TState>? fetched, IDocumentSession? session)
    {
        (Id, State, Version, this.fetched, this.session, keptVersion) = (id, state, version, fetched, session, version);
    }

    public string Id { get; }
    public TState? State { get; private set; }
    public long Version { get; private set; }

    public static DecidedStream<TState> Loaded(IEventStream<TState> stream) =>
        new(stream.Key ?? stream.Id.ToString(), StreamDecisions.ConsistentState(stream), stream.CurrentVersion ?? 0, stream, null);

    public static DecidedStream<TState> Kept(IDocumentSession session, string id, TState? state, long version) =>
        new(id, state, version, null, session);

    public WriteOutcome<TState> Decide<TCommand>(TCommand command, CommandMetadata metadata,
        Func<TState?, TCommand, DateTimeOffset, Decision> decide, Func<TState?, object, TState?> evolve, DateTimeOffset now)
        where TCommand : IStreamCommand
    {
        if (command.ExpectedVersion is { } expected && expected != Version) return new WriteOutcome<TState>.Stale(Version);

        var decision = decide(State, command, now);
        if (decision.Error is { } error) return new WriteOutcome<TState>.Rejected(error);

        foreach (var e in Append(decision.Events)) metadata.ApplyTo(e);
        State = decision.Events.Aggregate(State, evolve);
        Version += decision.Events.Count;
        return new WriteOutcome<TState>.Written(State!, Version, now);
    }

    /// <summary>
    /// A kept state is checked in the transaction: the append expects its version; without events the version is
    /// asserted, so a refusal or a 412 decided over a state another node moved on is decided again too.
    /// </summary>
    public void CheckedAtCommit()
    {
        if (fetched is not null) return;
        appended ??= session!.Events.Append(Id);
        appended.ExpectedVersionOnServer = keptVersion;
        appended.AlwaysEnforceConsistency = true;
    }

    private IEnumerable<IEvent> Append(IReadOnlyList<object> events)
    {
        if (fetched is not null)
        {
            var before = fetched.Events.Count;
            fetched.AppendMany(events);
            return fetched.Events.Skip(before);
        }
        var from = appended?.Events.Count ?? 0;
        appended = session!.Events.Append(Id, events.ToArray());
        return appended.Events.Skip(from);
    }
}
