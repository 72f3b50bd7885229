using Commerce.Domain.Common;
using Commerce.Projections;
using JasperFx;
using Marten;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Commerce.Api.WritePath;

/// <summary>
/// The unique claims of a batch of commands (docs/architecture.md, "Unique values across streams"): the holders of the
/// values the commands name, loaded before deciding, and the claims each accepted command moves, written in the
/// command's transaction. Inserting a claim another transaction has just taken fails on the claim table's primary key;
/// the handler then runs again (<see cref="LostRaces"/>) and its <c>Decide</c> finds the holder.
/// </summary>
/// <remarks>
/// The claim rows are written when the session saves, after the streams' events and in key order, whatever the order
/// of the commands that moved them. Two nodes' batches racing for the same claims (deals a5 and a6 on one node, b6 and
/// b5 on the other, each batch in its own stream order) then wait for each other instead of deadlocking (the fault
/// suite's deal race saw 500s from that deadlock).
/// </remarks>
public sealed class ClaimsStore : DocumentSessionListenerBase
{
    private readonly UniqueClaims claims;
    /// <summary>Per moved key: whether its row existed before the batch (its first move released it), and its last holder.</summary>
    private readonly SortedDictionary<string, (bool Existed, string? Holder)> moved = new(StringComparer.Ordinal);

    private ClaimsStore(UniqueClaims claims) => this.claims = claims;

    public static async Task<ClaimsStore> LoadAsync(IDocumentSession session, IEnumerable<string> keys, CancellationToken ct) =>
        Of(session, await session.LoadManyAsync<UniqueClaim>(ct, keys.Distinct().ToArray()));

    /// <summary>The claims a handler loaded itself (e.g. in a batched query with its streams), written when the session saves.</summary>
    public static ClaimsStore Of(IDocumentSession session, IEnumerable<UniqueClaim> held)
    {
        var store = new ClaimsStore(new UniqueClaims(held.Select(c => KeyValuePair.Create(c.Id, c.HolderId))));
        session.Listeners.Add(store);
        return store;
    }

    /// <summary>The holders as the moves so far left them.</summary>
    public UniqueClaims Held => claims;

    /// <summary>
    /// <paramref name="holder"/> held <paramref name="before"/> and holds <paramref name="after"/>: the difference applied for
    /// the next decision and queued for the save.
    /// </summary>
    public void Move(string holder, IEnumerable<string> before, IEnumerable<string> after)
    {
        var (released, taken) = claims.Move(holder, before, after);
        foreach (var key in released) moved[key] = (!moved.TryGetValue(key, out var was) || was.Existed, null);
        foreach (var key in taken) moved[key] = (moved.TryGetValue(key, out var was) && was.Existed, holder);
    }

    /// <summary>
    /// <paramref name="decide"/> over the claims as the commands before it in the batch left them; what an accepted
    /// command's stream holds after its events (<paramref name="keysOf"/>) is compared with what it held before, and
    /// the difference applied for the next command and written to the session.
    /// </summary>
    public Func<TState?, TCommand, DateTimeOffset, Decision> Deciding<TState, TCommand>(
        Func<TState?, TCommand, UniqueClaims, DateTimeOffset, Decision> decide, Func<TState?, object, TState?> evolve,
        Func<TState?, IEnumerable<string>> keysOf) where TCommand : IStreamCommand where TState : class =>
        (state, command, now) =>
        {
            var decision = decide(state, command, claims, now);
            if (decision.Error is not null) return decision;
            Move(command.StreamId, keysOf(state), keysOf(decision.Events.Aggregate(state, evolve)));
            return decision;
        };

    /// <summary>
    /// A new claim is an insert, so that losing a race to another transaction fails on the primary key; a claim released
    /// and taken again in one batch is its row deleted, then inserted.
    /// </summary>
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        foreach (var (key, (existed, holder)) in moved)
        {
            if (existed) session.Delete<UniqueClaim>(key);
            if (holder is not null) session.Insert(new UniqueClaim(key, holder));
        }
        moved.Clear();
        return Task.CompletedTask;
    }
}
