using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Marten;
using Marten.Services;

namespace Commerce.Api.WritePath;

/// <summary>
/// The decided state and version of the streams this node wrote last, per store (one per node), so that the next
/// command on such a stream appends with its expected version without reading the stream first
/// (<see cref="StreamDecisions.DecideEachAsync{TCommand,TState}"/>).
/// </summary>
/// <remarks>
/// Never trusted blindly: an entry is only a claim that the stream is at that version, and every command decided over
/// one makes its transaction check it (the append function's expected version, or, when the command appends nothing, a
/// version assertion in the same batch). When another node or another path wrote the stream meanwhile, the check fails,
/// the transaction writes nothing and the retry policy runs the command again over a fresh read.
/// <para>
/// Entries are taken out while a command uses them and put back only after its transaction committed, at the version it
/// committed; a rolled-back or failed transaction leaves none, so no entry can describe uncommitted state. The
/// dispatcher's striped gate makes this node the single writer of a stream in normal operation, so entries stay valid.
/// </para>
/// </remarks>
internal sealed class StreamStates
{
    /// <summary>Bounds the memory: beyond it an arbitrary entry makes room (a later miss only costs one read).</summary>
    public const int Capacity = 100_000;

    private static readonly ConditionalWeakTable<IDocumentStore, StreamStates> ByStore = new();
    private readonly ConcurrentDictionary<Key, Entry> entries = new();

    public static StreamStates Of(IDocumentStore store) => ByStore.GetValue(store, _ => new StreamStates());

    /// <summary>Takes the entry of the stream out, if there is one (of another state type it is dropped: a miss).</summary>
    public bool TryTake<TState>(string tenant, string streamId, out TState? state, out long version) where TState : class
    {
        if (entries.TryRemove(new Key(tenant, streamId), out var entry) && entry.Type == typeof(TState))
        {
            (state, version) = ((TState?)entry.State, entry.Version);
            return true;
        }
        (state, version) = (null, 0);
        return false;
    }

    /// <summary>
    /// Puts the given states back once the session committed (a session listener), each at the version its stream was
    /// left at by this session's decisions. Should something else in the session have appended to one of those streams,
    /// its entry names a version the stream is past, which the next command's check catches.
    /// </summary>
    public void PutBackAfterCommit<TState>(IDocumentSession session, IReadOnlyList<(string StreamId, TState? State, long Version)> states)
        where TState : class =>
        session.Listeners.Add(new PutBack<TState>(this, session.TenantId, states));

    /// <summary>
    /// Registered on the store: a commit that appended to streams without keeping their state (an order reserving stock,
    /// a product claiming its SKU) makes this node forget them, so the next command reads them instead of failing its
    /// version check once.
    /// </summary>
    public static IDocumentSessionListener ForgetsOtherWrites { get; } = new ForgetOtherWrites();

    private void Put(Key key, Entry entry)
    {
        if (entries.Count >= Capacity && !entries.ContainsKey(key))
            foreach (var victim in entries.Keys.Take(1)) entries.TryRemove(victim, out _);
        entries[key] = entry;
    }

    private readonly record struct Key(string Tenant, string StreamId);

    private sealed record Entry(Type Type, object? State, long Version);

    private interface IKeeps
    {
        bool Keeps(string streamId);
    }

    private sealed class PutBack<TState>(StreamStates cache, string tenant, IReadOnlyList<(string StreamId, TState? State, long Version)> states)
        : DocumentSessionListenerBase, IKeeps where TState : class
    {
        private bool done;

        public bool Keeps(string streamId) => states.Any(s => s.StreamId == streamId);

        // Once: a session that commits again (several decisions, several commits) may have moved the streams since.
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            if (done) return Task.CompletedTask;
            done = true;
            foreach (var (streamId, state, version) in states)
                cache.Put(new Key(tenant, streamId), new Entry(typeof(TState), state, version));
            return Task.CompletedTask;
        }
    }

    private sealed class ForgetOtherWrites : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            var cache = Of(session.DocumentStore);
            foreach (var stream in commit.GetStreams())
                if (stream.Key is { } streamId && !session.Listeners.OfType<IKeeps>().Any(k => k.Keeps(streamId)))
                    cache.entries.TryRemove(new Key(stream.TenantId ?? session.TenantId, streamId), out _);
            return Task.CompletedTask;
        }
    }
}
