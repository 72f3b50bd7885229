using Commerce.Api.WritePath;
using Commerce.Domain.Dealership;
using JasperFx.Core;
using Marten;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Commerce.Api.Dealership;

/// <summary>
/// The vehicle's half of a won deal: a durable message published in the deal's transaction, handled on the
/// <see cref="DealershipContext.QueueName"/> queue, appending <see cref="VehicleSold"/> with the system as actor and the
/// deal as cause. Idempotent, so a message handled again after a crash changes nothing.
/// </summary>
public static class MarkVehicleSoldHandler
{
    // The database is away or the stream moved: keep the message and try again, never drop a sale.
    public static void Configure(HandlerChain chain) =>
        chain.OnAnyException().ScheduleRetryIndefinitely(1.Seconds(), 5.Seconds(), 30.Seconds());

    public static async Task Handle(MarkVehicleSold message, Envelope envelope, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        await session.DecideAsync<MarkVehicleSold, Vehicle>(
            new Batched<MarkVehicleSold>(message, CommandMetadata.System("dealership", envelope.CorrelationId ?? envelope.Id.ToString(), message.DealId)),
            DealershipDecisions.Decide, Vehicle.Evolve, clock, ct);
}
