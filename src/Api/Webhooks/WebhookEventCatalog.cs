using System.Collections.Frozen;
using Commerce.Api.Hosting;

namespace Commerce.Api.Webhooks;

/// <summary>One event name a webhook can subscribe to; <see cref="EventType"/> is null while the name is only announced.</summary>
public sealed record WebhookEventType(string Name, string Description, Type? EventType, Func<object, object>? Data, object ExampleData)
{
    /// <summary>False for a name only announced: subscribable now, delivered once its context exists and raises it.</summary>
    public bool IsRaised => EventType is not null;

    /// <summary>A name raised by events of type <typeparamref name="T"/>, with the payload data made from one.</summary>
    public static WebhookEventType Raised<T>(string name, string description, Func<T, object> data, object example) =>
        new(name, description, typeof(T), e => data((T)e), example);

    /// <summary>A name published ahead of the context that will raise it; subscribing to it is allowed.</summary>
    public static WebhookEventType Announced(string name, string description, object example) => new(name, description, null, null, example);
}

/// <summary>
/// The names webhooks can subscribe to and how an event becomes one: every context's
/// <see cref="CommerceContext.WebhookEvents"/>. A published name never changes meaning.
/// </summary>
public static class WebhookEventCatalog
{
    public static readonly IReadOnlyList<WebhookEventType> All = CommerceContext.All.SelectMany(c => c.WebhookEvents).ToArray();

    private static readonly FrozenDictionary<Type, WebhookEventType> ByType =
        All.Where(e => e.EventType is not null).ToFrozenDictionary(e => e.EventType!);

    public static readonly IReadOnlySet<string> Names = All.Select(e => e.Name).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The domain event types that raise a webhook name.</summary>
    public static IEnumerable<Type> EventTypes => ByType.Keys;

    public static string NamesList => string.Join(", ", All.Select(e => e.Name));

    /// <summary>The name and payload data of an event, or null when no webhook name maps it.</summary>
    public static (string Name, object Data)? Describe(object @event) =>
        ByType.TryGetValue(@event.GetType(), out var entry) ? (entry.Name, entry.Data!(@event)) : null;

    public static IEnumerable<Type> TypesOf(IEnumerable<string> names) =>
        All.Where(e => e.EventType is not null && names.Contains(e.Name)).Select(e => e.EventType!);
}
