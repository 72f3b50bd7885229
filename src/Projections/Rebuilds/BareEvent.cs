using System.Reflection;
using System.Runtime.CompilerServices;
using JasperFx.Events;

namespace Commerce.Projections.Rebuilds;

/// <summary>
/// Wraps event data as <c>Event&lt;T&gt;</c> without running its initializers. One of them draws a random <c>Guid</c> for
/// the event's id: a system call per event on Linux, about 40% of the API's CPU in reading 1M events
/// (bench/findings.md, 7). A fold reads no ids; the rebuild sets the fields it does read.
/// </summary>
/// <remarks>
/// Marten internals: this assumes <c>Event&lt;T&gt;</c> (JasperFx.Events) stays a plain class whose constructor and
/// initializers set nothing a fold reads besides what <see cref="EventsByStream"/> sets afterwards (data, sequence,
/// stream key, version, timestamp, tenant); skipped here, the id stays empty and the type names null. Re-check on each
/// Marten upgrade, and when a projection starts reading another member of <c>IEvent</c> (id, headers, correlation):
/// a rebuild would fold its default while the live daemon folds the stored value.
/// </remarks>
internal static class BareEvent
{
    public static Func<object, IEvent> For(Type eventType) =>
        typeof(BareEvent).GetMethod(nameof(Wrap), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(eventType)
            .CreateDelegate<Func<object, IEvent>>();

    private static IEvent Wrap<T>(object data) where T : notnull
    {
        var e = (Event<T>)RuntimeHelpers.GetUninitializedObject(typeof(Event<T>));
        e.Data = (T)data;
        return e;
    }
}
