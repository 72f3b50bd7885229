using Commerce.Api.History;
using Commerce.Api.Hosting;
using Commerce.Api.Http;
using Commerce.Api.Webhooks;
using Commerce.Domain.Dealership;
using Commerce.Projections.Dealership;
using Marten;
using Wolverine;

[assembly: ApiTag("Dealership",
    "The car dealership's CRM (Ecosys Auto): clients (PF with a CPF, PJ with a CNPJ), stores, vehicles and deals with their pipeline. " +
    "Answers in the seed's envelope: success, data, pagination, error.message.")]

namespace Commerce.Api.Dealership;

/// <summary>
/// The dealership (<c>003_*.txt</c>): stores, vehicles and deals, each a stream; its clients are the Customers context's
/// records through a door of their own. Winning a deal with a vehicle sells the vehicle (docs/architecture.md,
/// "A deal that sells a vehicle").
/// </summary>
public sealed class DealershipContext : CommerceContext
{
    public const string ReadDeals = "read_deals";
    public const string CreateDeals = "create_deals";
    public const string UpdateDeals = "update_deals";

    /// <summary>The durable local queue of the vehicles' half of a won deal.</summary>
    public const string QueueName = "dealership";

    public override IReadOnlyList<EventResource> Resources { get; } =
    [
        new("stores", ReadDeals, typeof(IStoreEvent)), new("vehicles", ReadDeals, typeof(IVehicleEvent)), new("deals", ReadDeals, typeof(IDealEvent))
    ];

    public override IReadOnlyList<string> Scopes { get; } = [ReadDeals, CreateDeals, UpdateDeals];

    public override IReadOnlyList<WebhookEventType> WebhookEvents { get; } =
    [
        WebhookEventType.Raised<DealWon>("deal.won", "A deal is marked won (status ganho)",
            e => new { Id = e.DealId, e.Value, e.ClientId, e.VehicleId, e.StoreId, Status = DealStatuses.Won },
            new { Id = "0193a5c2-8a11-7c3d-b2e4-5f6a7b8c9d0e", Value = 139900.00m, ClientId = "0193a5c2-7f3e-7b2a-9c41-2d5e8f0a1b3c",
                VehicleId = "0193a5c2-80aa-7d4e-8f12-3a4b5c6d7e8f", StoreId = "0193a5c2-7000-7000-8000-000000000001", Status = DealStatuses.Won }),
        WebhookEventType.Raised<DealLost>("deal.lost", "A deal is marked lost (status perdido), with its loss_reason",
            e => new { Id = e.DealId, e.LossReason, Status = DealStatuses.Lost },
            new { Id = "0193a5c2-8a11-7c3d-b2e4-5f6a7b8c9d0e", LossReason = "Cliente optou pela concorrência", Status = DealStatuses.Lost }),
        WebhookEventType.Raised<VehicleSold>("vehicle.sold", "A vehicle is sold by the deal that won it",
            e => new { Id = e.VehicleId, e.DealId, e.Price, Status = VehicleStatuses.Sold },
            new { Id = "0193a5c2-80aa-7d4e-8f12-3a4b5c6d7e8f", DealId = "0193a5c2-8a11-7c3d-b2e4-5f6a7b8c9d0e", Price = 139900.00m,
                Status = VehicleStatuses.Sold })
    ];

    public override IReadOnlyList<Type> InternalEvents { get; } =
    [
        typeof(StoreOpened), typeof(VehicleRegistered), typeof(VehicleChanged), typeof(VehiclePhaseChanged), typeof(VehicleStatusChanged),
        typeof(DealCreated), typeof(DealChanged)
    ];

    public override void ConfigureStore(StoreOptions store) => store.AddDealership();

    // Durable: the message that sells a won deal's vehicle is stored with the deal's events and survives a crash.
    public override void ConfigureHost(WebApplicationBuilder builder) => builder.Services.ConfigureWolverine(opts =>
    {
        opts.PublishMessage<MarkVehicleSold>().ToLocalQueue(QueueName);
        opts.LocalQueue(QueueName).UseDurableInbox();
    });
}
