using System.Text.Json;
using Commerce.Api.Hosting;
using Commerce.Domain.Common;

namespace Commerce.Api.History;

/// <summary>
/// A kind of record whose stream can be read as history: its route name, read scope, and the marker interface its event
/// types implement (the event types are found in the domain assembly, never listed by hand).
/// </summary>
public sealed record EventResource(string Name, string ReadScope, Type EventMarker)
{
    public IReadOnlyList<Type> EventTypes => DomainEventTypes.Of(EventMarker);

    /// <summary>Marten's stored names of the event types (snake_case of the type name).</summary>
    public IReadOnlyList<string> EventTypeNames => field ??= EventTypes.Select(EventResources.TypeName).ToArray();

    /// <summary>
    /// Put before a record's id to make its stream key, where ids clients choose could equal another resource's (a
    /// channel <c>amazon_in</c> and a SKU <c>amazon_in</c>): every tenant's streams share one key space. A SKU cannot hold
    /// a ':', so a prefix ending in ':' keeps the two apart.
    /// </summary>
    public string KeyPrefix { get; init; } = "";

    public string StreamKeyOf(string id) => KeyPrefix + id;

    public string IdOf(string streamKey) => streamKey.StartsWith(KeyPrefix, StringComparison.Ordinal) ? streamKey[KeyPrefix.Length..] : streamKey;
}

/// <summary>The resources that expose history and audit: every context's.</summary>
public static class EventResources
{
    public static readonly IReadOnlyList<EventResource> All = CommerceContext.All.SelectMany(c => c.Resources).ToArray();

    public static EventResource? Named(string name) => All.FirstOrDefault(r => r.Name == name);

    public static EventResource? Of(string eventTypeName) => All.FirstOrDefault(r => r.EventTypeNames.Contains(eventTypeName));

    public static string TypeName(Type eventType) => JsonNamingPolicy.SnakeCaseLower.ConvertName(eventType.Name);
}
