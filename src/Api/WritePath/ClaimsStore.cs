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
/// the handler then runs again (<see cref="RetryOnClaimRace"/>) and its <c>Decide</c> finds the holder.
/// </summary>
public sealed class ClaimsStore(IDocumentSession session, UniqueClaims claims)
{
    public static async Task<ClaimsStore> LoadAsync(IDocumentSession session, IEnumerable<string> keys, CancellationToken ct)
    {
        var held = await session.LoadManyAsync<UniqueClaim>(ct, keys.Distinct().ToArray());
        return new(session, new UniqueClaims(held.Select(c => KeyValuePair.Create(c.Id, c.HolderId))));
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
            var after = decision.Events.Aggregate(state, evolve);
            var (released, taken) = claims.Move(command.StreamId, keysOf(state), keysOf(after));
            foreach (var key in released) session.Delete<UniqueClaim>(key);
            foreach (var key in taken) session.Insert(new UniqueClaim(key, command.StreamId));
            return decision;
        };

    /// <summary>For a handler's <c>Configure</c>: a claim lost to another transaction at commit is decided again.</summary>
    public static void RetryOnClaimRace(HandlerChain chain) =>
        chain.OnException<DocumentAlreadyExistsException>()
            .RetryWithCooldown(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(100));
}
