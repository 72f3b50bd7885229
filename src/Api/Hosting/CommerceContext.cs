using Commerce.Api.History;
using Commerce.Api.Webhooks;
using Marten;

namespace Commerce.Api.Hosting;

/// <summary>
/// A bounded context's one registration. Every list shared by the contexts is derived from these: Marten's store
/// (projections, documents, event types), the scopes keys may hold, history, audit and the feed, the rebuild's event
/// types and the webhook catalog. A context adds a subclass in its own folder and edits nothing else; they are found
/// by scanning this assembly, as FastEndpoints finds endpoints and Wolverine finds handlers.
/// </summary>
public abstract class CommerceContext
{
    /// <summary>The streams of this context, each with its history route name, read scope and event marker.</summary>
    public abstract IReadOnlyList<EventResource> Resources { get; }

    /// <summary>Every scope the context's routes check.</summary>
    public abstract IReadOnlyList<string> Scopes { get; }

    /// <summary>
    /// The scopes of <see cref="Scopes"/> a public (storefront) key may hold and use: reads of what a storefront shows.
    /// A public key is refused everywhere else, whatever the scope's name.
    /// </summary>
    public virtual IReadOnlyList<string> PublicScopes => [];

    /// <summary>
    /// Webhook names raised by the context's events, with their payloads, and the event types it keeps internal. Every
    /// event type of the context is one or the other (a convention test holds it), so a new fact is never left out of
    /// webhooks by oversight.
    /// </summary>
    public virtual IReadOnlyList<WebhookEventType> WebhookEvents => [];

    /// <inheritdoc cref="WebhookEvents"/>
    public virtual IReadOnlyList<Type> InternalEvents => [];

    /// <summary>Projections, documents and indexes of the context.</summary>
    public abstract void ConfigureStore(StoreOptions store);

    /// <summary>Services, options and message routing beyond endpoints and handlers (found by scanning).</summary>
    public virtual void ConfigureHost(WebApplicationBuilder builder)
    {
    }

    public static IReadOnlyList<CommerceContext> All { get; } = typeof(CommerceContext).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(CommerceContext)) && !t.IsAbstract)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (CommerceContext)Activator.CreateInstance(t)!)
        .ToArray();

    /// <summary>Every event type of every context.</summary>
    public static IEnumerable<Type> AllEventTypes => All.SelectMany(c => c.Resources).SelectMany(r => r.EventTypes);
}
