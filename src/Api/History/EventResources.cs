using Commerce.Api.Access;
using Commerce.Domain.Inventory;
using Commerce.Domain.Webhooks;
using System.Text.Json;

namespace Commerce.Api.History;

/// <summary>A kind of record whose stream can be read as history: its route name, read scope and event types.</summary>
public sealed record EventResource(string Name, string ReadScope, IReadOnlyList<Type> EventTypes)
{
    /// <summary>Marten's stored names of the event types (snake_case of the type name).</summary>
    public IReadOnlyList<string> EventTypeNames { get; } = EventTypes.Select(EventResources.TypeName).ToArray();
}

/// <summary>The resources that expose history and audit; each bounded context adds its own line.</summary>
public static class EventResources
{
    public static readonly IReadOnlyList<EventResource> All =
    [
        new("inventory", ApiScopes.ReadInventory, InventoryEventTypes.All),
        new("webhooks", ApiScopes.ManageWebhooks, WebhookEventTypes.All)
    ];

    public static EventResource? Named(string name) => All.FirstOrDefault(r => r.Name == name);

    public static EventResource? Of(string eventTypeName) => All.FirstOrDefault(r => r.EventTypeNames.Contains(eventTypeName));

    public static string TypeName(Type eventType) => JsonNamingPolicy.SnakeCaseLower.ConvertName(eventType.Name);
}
