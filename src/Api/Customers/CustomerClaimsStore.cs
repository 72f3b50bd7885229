using Commerce.Domain.Common;
using Commerce.Domain.Customers;
using Commerce.Projections.Customers;
using Marten;
using Wolverine.ErrorHandling;

namespace Commerce.Api.Customers;

/// <summary>
/// The claims of a batch of customer commands: the holders of the keys the commands name, loaded before deciding, and the
/// claims each accepted command moves, written in the command's transaction. Inserting a claim another transaction has
/// just taken fails on the claim table's primary key; the handler then runs again (<see cref="RetryOnClaimRace"/>) and
/// its <c>Decide</c> finds the holder: one customer wins, the other is answered 409 naming it.
/// </summary>
internal sealed class CustomerClaimsStore(IDocumentSession session, CustomerClaims claims)
{
    public static async Task<CustomerClaimsStore> LoadAsync(IDocumentSession session, IEnumerable<string> keys, CancellationToken ct)
    {
        var held = await session.LoadManyAsync<CustomerClaim>(ct, keys.Distinct().ToArray());
        return new(session, new CustomerClaims(held.Select(c => KeyValuePair.Create(c.Id, c.CustomerId))));
    }

    /// <summary>
    /// <paramref name="decide"/> over the claims as the commands before it in the batch left them; what an accepted
    /// command claims and releases is applied for the next one and written to the session.
    /// </summary>
    public Func<Customer?, TCommand, DateTimeOffset, Decision> Deciding<TCommand>(
        Func<Customer?, TCommand, CustomerClaims, DateTimeOffset, Decision> decide) where TCommand : IStreamCommand =>
        (customer, command, now) =>
        {
            var decision = decide(customer, command, claims, now);
            if (decision.Error is not null) return decision;
            var after = decision.Events.Aggregate(customer, Customer.Evolve);
            var (released, taken) = claims.Move(command.StreamId, customer?.Details, after?.Details);
            // A key the customer's details held before is its claim: no one else can hold it.
            foreach (var key in released) session.Delete<CustomerClaim>(key);
            foreach (var key in taken) session.Insert(new CustomerClaim(key, command.StreamId));
            return decision;
        };

    /// <summary>For a handler's <c>Configure</c>: a claim lost to another transaction at commit is decided again.</summary>
    public static void RetryOnClaimRace(Wolverine.Runtime.Handlers.HandlerChain chain) =>
        chain.OnException<JasperFx.DocumentAlreadyExistsException>()
            .RetryWithCooldown(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(100));
}
