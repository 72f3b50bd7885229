using Commerce.Api.Hosting;
using JasperFx;
using Marten.Exceptions;

namespace Commerce.Api.WritePath;

/// <summary>
/// The failures at commit that mean another transaction won a race, so running the handler again on fresh state
/// decides correctly: a stream moved on (<see cref="ConcurrencyException"/>), two nodes started the same stream, two
/// inserted the same claim (<see cref="DocumentAlreadyExistsException"/>), or PostgreSQL rolled the transaction back
/// (deadlock victim, serialization failure).
/// </summary>
internal static class LostRaces
{
    /// <summary>
    /// Anywhere in the exception: Marten reports every failed statement of a batch together (two claims a batch lost at
    /// once are an <see cref="AggregateException"/>, which a plain type match would miss and answer 500).
    /// </summary>
    public static bool IsLostRace(Exception e) => e switch
    {
        ConcurrencyException or ExistingStreamIdCollisionException or DocumentAlreadyExistsException => true,
        AggregateException all => all.InnerExceptions.All(IsLostRace),
        _ => DatabaseFaults.IsRolledBack(e) || (e.InnerException is { } inner && IsLostRace(inner))
    };
}
