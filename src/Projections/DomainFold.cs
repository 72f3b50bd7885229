using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Commerce.Projections;

/// <summary>
/// A domain state's own fold as a Marten aggregation, so handlers can <c>FetchForWriting</c> it: Marten 9 runs
/// conventional Apply methods only through a source generator in the type's own assembly, and the domain has no Marten.
/// No rules here.
/// </summary>
public sealed class DomainFold<TState> : SingleStreamProjection<TState, string> where TState : class
{
    private readonly Func<TState?, object, TState?> evolve;

    public DomainFold(Func<TState?, object, TState?> evolve)
    {
        this.evolve = evolve;
        Name = typeof(TState).Name;
    }

    public override TState? Evolve(TState? snapshot, string id, IEvent e) => evolve(snapshot, e.Data);
}
