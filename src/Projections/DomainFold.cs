using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Commerce.Projections;

/// <summary>
/// A domain state's own fold as a Marten aggregation, so handlers can <c>FetchForWriting</c> it: Marten 9 runs
/// conventional Apply methods only through a source generator in the type's own assembly, and the domain has no Marten.
/// No rules here. It is fed the events of its streams only (<typeparamref name="TStreamEvent"/>, their marker): an inline
/// fold would otherwise look up its snapshot for every stream a commit appends to, another context's too.
/// </summary>
public sealed class DomainFold<TState, TStreamEvent> : SingleStreamProjection<TState, string> where TState : class
{
    private readonly Func<TState?, object, TState?> evolve;

    public DomainFold(Func<TState?, object, TState?> evolve)
    {
        this.evolve = evolve;
        Name = typeof(TState).Name;
        this.IncludeEventsOf<TStreamEvent>();
    }

    public override TState? Evolve(TState? snapshot, string id, IEvent e) => evolve(snapshot, e.Data);
}
