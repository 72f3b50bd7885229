using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Projections.Orders;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Orders;

public sealed class GetOrderRequest : RecordRequest
{
    public string Id { get; set; } = "";
}

public sealed class GetOrderValidator : Validator<GetOrderRequest>
{
    public GetOrderValidator(TimeProvider clock) => Include(new RecordRequestRules(clock));
}

/// <summary><c>GET /v1/orders/{id}</c>: the order with its items and the timeline of every status change (who, when).</summary>
public sealed class GetOrderEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : RecordEndpoint<GetOrderRequest, OrderResponse>
{
    public override void Configure()
    {
        Get("orders/{id}");
        Policies(ApiScopes.Required(OrdersContext.ReadOrders), ApiScopes.AnySecretKey);   // customers' details: no public keys
        Description(d => d.ClearDefaultAccepts().WithTags("Orders").WithSummary("One order with its timeline")
            .Produces<OrderResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(GetOrderRequest req, CancellationToken ct) => await SendRecordAsync(
        await session.FindAsync(readYourWrites, req.Id, new OrderProjection(), v => v.Version, req, $"There is no order {req.Id}.", ct),
        v => v.Version, OrderResponse.From, ct);
}
