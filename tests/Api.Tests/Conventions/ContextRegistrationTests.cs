using Commerce.Api.Access;
using Commerce.Api.Admin;
using Commerce.Api.History;
using Commerce.Api.Hosting;
using Commerce.Api.Webhooks;
using Commerce.Domain.Common;
using Commerce.Domain.Inventory;
using Commerce.Domain.Orders;
using Commerce.Projections.Inventory;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Api.Tests.Conventions;

/// <summary>
/// A context registers once (<see cref="CommerceContext"/>) and every shared list derives from it; these fail when an
/// event type or a scope is left out of one of them, so forgetting is loud, not silent.
/// </summary>
public class ContextRegistrationTests(AppFixture fixture) : ApiContext(fixture)
{
    public static TheoryData<string> EventTypes() => [.. typeof(IDomainEvent).Assembly.GetTypes()
        .Where(t => typeof(IDomainEvent).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false }).Select(t => t.FullName!)];

    private static Type TypeNamed(string name) => typeof(IDomainEvent).Assembly.GetType(name)!;

    [Theory, MemberData(nameof(EventTypes))]
    public void every_event_type_belongs_to_exactly_one_history_resource(string type)
    {
        var owners = EventResources.All.Where(r => r.EventTypes.Contains(TypeNamed(type))).Select(r => r.Name).ToList();
        Assert.True(owners.Count == 1, $"{type} belongs to {owners.Count} resources ({string.Join(", ", owners)}); give it its stream's marker interface.");
        Assert.Equal(owners[0], EventResources.Of(EventResources.TypeName(TypeNamed(type)))?.Name);
    }

    [Theory, MemberData(nameof(EventTypes))]
    public void every_event_type_is_known_to_the_store_under_the_name_history_and_the_feed_use(string type)
    {
        var mapping = ((IEventRegistry)Store.Options.Events).EventMappingFor(TypeNamed(type));
        Assert.Equal(EventResources.TypeName(TypeNamed(type)), mapping.EventTypeName);
        Assert.Contains(TypeNamed(type), Store.Options.Events.AllKnownEventTypes().Select(m => m.EventType));
        Assert.Contains(TypeNamed(type), CommerceContext.AllEventTypes);   // what the serving rebuild reads
    }

    [Theory, MemberData(nameof(EventTypes))]
    public void every_event_type_is_either_a_webhook_event_or_declared_internal(string type)
    {
        var published = WebhookEventCatalog.All.Where(e => e.EventType == TypeNamed(type)).Select(e => e.Name).ToList();
        var internalTo = CommerceContext.All.Where(c => c.InternalEvents.Contains(TypeNamed(type))).ToList();
        Assert.True(published.Count + internalTo.Count == 1,
            $"{type}: published as [{string.Join(", ", published)}] and internal to {internalTo.Count} contexts; " +
            "its context must list it once, in WebhookEvents or in InternalEvents.");
    }

    [Fact]
    public async Task the_feed_accepts_every_event_type_by_name()
    {
        var key = await KeyAsync("read_events");
        var names = string.Join(',', EventResources.All.SelectMany(r => r.EventTypeNames));
        await GetJson(key, $"/v1/events?types={names}");
    }

    [Fact]
    public void every_scope_a_context_checks_is_one_a_key_can_hold_and_none_is_reserved()
    {
        var checkedScopes = CommerceContext.All.SelectMany(c => c.Scopes.Concat(c.Resources.Select(r => r.ReadScope))).ToList();
        Assert.All(checkedScopes, scope => Assert.Contains(scope, ApiScopes.All));
        Assert.Empty(checkedScopes.Intersect(ApiScopes.Reserved));
        Assert.Equal(ApiScopes.All.Count, ApiScopes.All.Distinct().Count());
    }

    [Fact]
    public void every_async_read_model_is_rebuildable_without_being_listed()
    {
        var asyncProjections = ((StoreOptions)Store.Options).Projections.All
            .Where(p => p.Lifecycle == JasperFx.Events.Projections.ProjectionLifecycle.Async).Select(p => p.Name).ToList();
        Assert.Contains("StoreProfileView", asyncProjections);
        Assert.Equal(asyncProjections.Order(), Host.Services.GetRequiredService<ProjectionRebuilds>().Names.Order());
    }

    [Fact]
    public void every_raised_webhook_name_is_unique_and_read_by_the_dispatcher()
    {
        Assert.Equal(WebhookEventCatalog.All.Count, WebhookEventCatalog.Names.Count);
        Assert.All(WebhookEventCatalog.EventTypes, t => Assert.Contains(t, CommerceContext.AllEventTypes));
    }

    [Fact]
    public void every_projection_is_fed_only_the_events_of_its_streams()
    {
        var projections = ((StoreOptions)Store.Options).Projections.All;
        // Without an allow list an async shard reads every event of the store, and an inline fold looks up its snapshot
        // for every stream a commit appends to (IncludeEventsOf in each projection's constructor).
        Assert.All(projections.OfType<EventFilterable>(),
            p => Assert.True(p.IncludedEventTypes.Count > 0, $"{p.GetType().Name} names no event types: call IncludeEventsOf<its stream's marker>() in its constructor."));
        var inventory = projections.OfType<InventoryItemProjection>().Single();
        Assert.Contains(typeof(StockAdjusted), inventory.IncludedEventTypes);
        Assert.DoesNotContain(typeof(OrderPlaced), inventory.IncludedEventTypes);
    }
}
