using Commerce.Api.Orders;
using Commerce.Api.WritePath;
using Commerce.Domain.Channels;
using Commerce.Domain.Common;
using Commerce.Domain.Orders;
using Commerce.Projections.Inventory;
using JasperFx.Core;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Marten;
using Wolverine.Marten.Subscriptions;
using Wolverine.Runtime.Handlers;

namespace Commerce.Api.Channels;

public static class ChannelSyncsHosting
{
    public const string QueueName = "channel-syncs";

    public static WebApplicationBuilder AddChannelSyncs(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IChannelConnector, SandboxConnector>();
        builder.Services.SubscribeToEventsWithServices<ChannelSyncStarter>(ServiceLifetime.Singleton);
        builder.Services.ConfigureWolverine(opts =>
        {
            // Durable: a sync whose node dies is resumed by the next node that takes its message. Partitioned by channel:
            // one sync of a channel runs at a time, so two never reconcile the same listings at once.
            opts.PublishMessage<RunChannelSync>().ToLocalQueue(QueueName);
            opts.LocalQueue(QueueName).UseDurableInbox().PartitionProcessingByGroupId(PartitionSlots.Three);
        });
        return builder;
    }
}

/// <summary>Run a queued sync (or resume one whose node stopped): published once per <see cref="SyncQueued"/>.</summary>
public sealed record RunChannelSync(string SyncId);

/// <summary>
/// Turns each queued sync into a durable <see cref="RunChannelSync"/> message. The message and the subscription's
/// progress commit in one transaction, so a queued sync is neither lost nor started twice when the process dies.
/// </summary>
internal sealed class ChannelSyncStarter : BatchSubscription
{
    public ChannelSyncStarter() : base(nameof(ChannelSyncStarter)) => IncludeType<SyncQueued>();

    public override async Task ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, IMessageBus bus, CancellationToken ct)
    {
        foreach (var e in page.Events)
            if (e.Data is SyncQueued queued)
                await bus.PublishAsync(new RunChannelSync(queued.SyncId), new DeliveryOptions { TenantId = e.TenantId, GroupId = queued.ChannelId });
    }
}

/// <summary>
/// Runs a sync: marks it running, pulls the channel's listings through its connector for the tenant's catalog,
/// records the listings that changed in chunks, then completes the sync and the channel together. Rerunning it is
/// safe: a listing already recorded as seen appends nothing. A connector failure fails the sync and the channel; any
/// other failure leaves the message to run again, and <see cref="MaxAttempts"/> starts later the sync fails instead.
/// </summary>
public static class RunChannelSyncHandler
{
    public const int MaxAttempts = 3;

    // The database is away: keep the message and try again later; the attempt counter bounds how often.
    public static void Configure(HandlerChain chain) =>
        chain.OnAnyException().ScheduleRetryIndefinitely(1.Seconds(), 5.Seconds(), 30.Seconds());

    public static Task Handle(RunChannelSync message, Envelope envelope, IDocumentStore store, IEnumerable<IChannelConnector> connectors,
        OrderSla sla, TimeProvider clock, CancellationToken ct) =>
        new SyncRun(store, envelope.TenantId ?? throw new InvalidOperationException("A channel sync needs its tenant."),
            CommandMetadata.System("channel-sync", envelope.CorrelationId ?? message.SyncId, envelope.Id.ToString()), sla, clock, ct)
        .RunAsync(message.SyncId, connectors);

    /// <summary>One run of one sync, each step in a transaction of its own.</summary>
    private sealed class SyncRun(IDocumentStore store, string tenant, CommandMetadata metadata, OrderSla sla, TimeProvider clock, CancellationToken ct)
    {
        private const int ChunkSize = 500;
        private const int OrderChunkSize = 100;

        public async Task RunAsync(string syncId, IEnumerable<IChannelConnector> connectors)
        {
            if (await StartAsync(syncId) is not { } sync) return;   // finished already, or failed after too many attempts
            var (channel, catalog) = await ReadChannelAndCatalogAsync(sync.ChannelId);
            IReadOnlyList<ListingSeen> listings;
            IReadOnlyList<OrderSeen> orders;
            try
            {
                var connector = connectors.FirstOrDefault(c => c.Name == channel.Connector)
                    ?? throw new ChannelConnectorException($"The connector '{channel.Connector}' is not installed on this node.");
                var pull = new ChannelPull(channel.ChannelId, channel.Type, catalog);
                listings = await connector.PullListingsAsync(pull, ct);
                orders = await connector.PullOrdersAsync(pull, ct);
            }
            catch (ChannelConnectorException failure)
            {
                await FailAsync(sync, failure.Message, channelFailed: true);
                return;
            }

            var changed = 0;
            foreach (var chunk in listings.Chunk(ChunkSize))
            {
                await using var session = store.LightweightSession(tenant);
                var commands = chunk.Select(l => Batched(new ReconcileListing(channel.ChannelId, l.Sku, l.Status, l.ListingId, l.Reason))).ToList();
                var outcomes = await session.DecideEachAsync<ReconcileListing, Listing>(new CommandBatch<ReconcileListing>(commands), ListingDecisions.Decide, Listing.Evolve, clock, ct);
                if (outcomes.OfType<WriteOutcome<Listing>.Rejected>().FirstOrDefault() is { } rejected)
                {
                    await FailAsync(sync, $"The connector reported a listing that cannot be: {rejected.Error.Detail}", channelFailed: true);
                    return;
                }
                changed += session.PendingChanges.Streams().Count(s => s.Events.Count > 0);
                await session.SaveChangesAsync(ct);
            }
            var (imported, refused) = await ImportAsync(channel.ChannelId, orders);
            if (refused is not null)
            {
                await FailAsync(sync, $"The connector reported an order that cannot be imported: {refused.Detail}", channelFailed: true);
                return;
            }
            await CompleteAsync(sync, listings, changed, imported);
        }

        /// <summary>
        /// The marketplace's orders, through the decision of <c>POST /v1/orders</c> imports (one transaction over each chunk's
        /// orders and SKUs): the count of orders new here, or why one was refused (an import never is, unless the connector
        /// reported something no order can be, e.g. no items); the chunks before it stay imported.
        /// </summary>
        private async Task<(int Imported, DomainError? Refused)> ImportAsync(string channelId, IReadOnlyList<OrderSeen> orders)
        {
            var imported = 0;
            foreach (var chunk in orders.Chunk(OrderChunkSize))
            {
                var commands = chunk.Select(o => Batched<IOrderCommand>(new PlaceOrder(OrderIds.OfImport(channelId, o.ChannelOrderId), channelId,
                    o.ChannelOrderId, o.Customer, o.Items, o.Currency, 0, null, sla.For(channelId)))).ToList();
                await using var session = store.LightweightSession(tenant);
                var outcomes = await session.DecideOrdersAsync(new CommandBatch<IOrderCommand>(commands), OrderDecisions.Decide, clock, ct);
                if (outcomes.OfType<WriteOutcome<OrderWrite>.Rejected>().FirstOrDefault() is { } rejected) return (imported, rejected.Error);
                imported += outcomes.OfType<WriteOutcome<OrderWrite>.Written>().Count(w => w.Result.Changed);
                await session.SaveChangesAsync(ct);
            }
            return (imported, null);
        }

        private async Task<ChannelSync?> StartAsync(string syncId)
        {
            await using var session = store.LightweightSession(tenant);
            var started = await session.DecideAsync<StartSync, ChannelSync>(Batched(new StartSync(syncId, MaxAttempts)), SyncDecisions.Decide, ChannelSync.Evolve, clock, ct);
            await session.SaveChangesAsync(ct);
            return started is WriteOutcome<ChannelSync>.Written { Result: { Status: SyncStatus.Running } running } ? running : null;
        }

        /// <summary>The sync and the channel complete together.</summary>
        private async Task CompleteAsync(ChannelSync sync, IReadOnlyList<ListingSeen> listings, int changed, int ordersImported)
        {
            int Count(ListingStatus status) => listings.Count(l => l.Status == status);
            await using var session = store.LightweightSession(tenant);
            await session.DecideAsync<CompleteSync, ChannelSync>(Batched(new CompleteSync(sync.Id, Count(ListingStatus.Live), Count(ListingStatus.Suppressed),
                Count(ListingStatus.Inactive), changed, ordersImported)), SyncDecisions.Decide, ChannelSync.Evolve, clock, ct);
            await session.DecideAsync<MarkChannelSynced, Channel>(Batched(new MarkChannelSynced(sync.ChannelId, sync.Id, Count(ListingStatus.Live))),
                ChannelDecisions.Decide, Channel.Evolve, clock, ct);
            await session.SaveChangesAsync(ct);
        }

        private async Task FailAsync(ChannelSync sync, string reason, bool channelFailed)
        {
            await using var session = store.LightweightSession(tenant);
            await session.DecideAsync<FailSync, ChannelSync>(Batched(new FailSync(sync.Id, reason)), SyncDecisions.Decide, ChannelSync.Evolve, clock, ct);
            if (channelFailed)
                await session.DecideAsync<MarkChannelFailed, Channel>(Batched(new MarkChannelFailed(sync.ChannelId, sync.Id, reason)), ChannelDecisions.Decide, Channel.Evolve, clock, ct);
            await session.SaveChangesAsync(ct);
        }

        private async Task<(Channel Channel, IReadOnlyList<CatalogItem> Catalog)> ReadChannelAndCatalogAsync(string channelId)
        {
            await using var query = store.QuerySession(tenant);
            var channel = await query.Events.AggregateStreamAsync<Channel>(Channel.StreamIdOf(channelId), token: ct)
                ?? throw new InvalidOperationException($"Channel {channelId} of a queued sync does not exist.");
            var items = await query.Query<InventoryItemView>().OrderBy(x => x.Sku).Select(x => new { x.Sku, x.TotalStock }).ToListAsync(ct);
            return (channel, items.Select(i => new CatalogItem(i.Sku, i.TotalStock)).ToList());
        }

        private Batched<T> Batched<T>(T command) where T : IStreamCommand => new(command, metadata);
    }
}
