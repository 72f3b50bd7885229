using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Orders;
using FastEndpoints;
using FluentValidation;

namespace Commerce.Api.Orders;

public sealed class ChangeOrderStatusRequest : ConditionalRequest
{
    public string Id { get; set; } = "";

    /// <summary>processing | ready | shipped | delivered | cancelled</summary>
    public string? Status { get; set; }

    /// <summary>Airway bill / tracking number, recorded when shipping.</summary>
    public string? Awb { get; set; }

    /// <summary>Courier name, e.g. Delhivery, recorded when shipping.</summary>
    public string? Courier { get; set; }

    /// <summary>Why the order is cancelled, recorded when cancelling.</summary>
    public string? Reason { get; set; }
}

public sealed class ChangeOrderStatusValidator : Validator<ChangeOrderStatusRequest>
{
    public static readonly string[] Statuses = [.. AdvanceOrder.Statuses, OrderStatus.Shipped, OrderStatus.Cancelled];

    public ChangeOrderStatusValidator()
    {
        Include(new IfMatchRules());
        RuleFor(x => x.Id).MaximumLength(64);
        RuleFor(x => x.Status).NotEmpty().WithMessage($"status is required: one of {string.Join(" | ", Statuses)}.")
            .Must(s => Statuses.Contains(s)).When(x => !string.IsNullOrEmpty(x.Status), ApplyConditionTo.CurrentValidator)
            .WithMessage($"status must be one of {string.Join(" | ", Statuses)} (a return is opened with POST /v1/orders/{{id}}/returns).");
        RuleFor(x => x.Awb).MaximumLength(64).Null().When(x => x.Status != OrderStatus.Shipped, ApplyConditionTo.CurrentValidator)
            .WithMessage("awb is recorded when shipping: send it with status shipped.");
        RuleFor(x => x.Courier).MaximumLength(100).Null().When(x => x.Status != OrderStatus.Shipped, ApplyConditionTo.CurrentValidator)
            .WithMessage("courier is recorded when shipping: send it with status shipped.");
        RuleFor(x => x.Reason).MaximumLength(500).Null().When(x => x.Status != OrderStatus.Cancelled, ApplyConditionTo.CurrentValidator)
            .WithMessage("reason is recorded when cancelling: send it with status cancelled.");
    }
}

/// <summary>
/// <c>PATCH /v1/orders/{id}</c>: one step of the lifecycle. <c>shipped</c> is <see cref="ShipOrder"/> (with awb and courier),
/// <c>cancelled</c> is <see cref="CancelOrder"/>, the others <see cref="AdvanceOrder"/>. A step the lifecycle does not
/// allow is 409 <c>invalid_transition</c> listing where the order can go.
/// </summary>
public sealed class ChangeOrderStatusEndpoint : CommandEndpoint<ChangeOrderStatusRequest, OrderResponse>
{
    public override void Configure()
    {
        Patch("orders/{id}");
        Policies(ApiScopes.Required(OrdersContext.UpdateOrders));
        Description(d => d.WithTags("Orders").WithSummary("Move an order through its lifecycle; ship it with awb and courier")
            .Produces<OrderResponse>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(ChangeOrderStatusRequest req, CancellationToken ct) => SendCommandAsync<IOrderCommand, OrderWrite>(req.Status switch
    {
        OrderStatus.Shipped => new ShipOrder(req.Id, req.Awb, req.Courier, req.ExpectedVersion()),
        OrderStatus.Cancelled => new CancelOrder(req.Id, req.Reason, req.ExpectedVersion()),
        _ => new AdvanceOrder(req.Id, req.Status!, req.ExpectedVersion())
    }, written => OrderResponse.From(written.Result.Order, written.Version, written.At), ct);
}
