using Commerce.Api.Access;
using Commerce.Api.Inventory;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Orders;
using FastEndpoints;
using FluentValidation;

namespace Commerce.Api.Orders;

public sealed class ReceiveReturnRequest
{
    public string Id { get; set; } = "";
    public string ReturnId { get; set; } = "";

    /// <summary>Every returned unit graded: a SKU may appear twice to grade some units resellable and others damaged.</summary>
    public List<GradedLineRequest>? Lines { get; set; }

    /// <summary>The amount refunded for this return (0 when none).</summary>
    public decimal? Refund { get; set; }
}

public sealed class GradedLineRequest
{
    public string? Sku { get; set; }
    public int? Qty { get; set; }

    /// <summary>resellable | damaged</summary>
    public string? Grade { get; set; }
}

public sealed class ReceiveReturnValidator : Validator<ReceiveReturnRequest>
{
    public ReceiveReturnValidator()
    {
        RuleFor(x => x.Lines).NotEmpty().WithMessage("lines is required: every returned unit as { sku, qty, grade }.")
            .Must(l => l!.Count <= 2 * PlaceOrderValidator.MaxItems).When(x => x.Lines is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage($"At most {2 * PlaceOrderValidator.MaxItems} lines.");
        RuleForEach(x => x.Lines).NotNull().WithMessage("Each line is an object: { sku, qty, grade }.").ChildRules(line =>
        {
            line.RuleFor(l => l.Sku).NotEmpty().WithMessage("sku is required.").Matches(InventoryRules.SkuPattern).WithMessage(InventoryRules.SkuMessage);
            line.RuleFor(l => l.Qty).NotNull().WithMessage("qty is required.").InclusiveBetween(1, PlaceOrderValidator.MaxQty)
                .WithMessage($"qty must be between 1 and {PlaceOrderValidator.MaxQty}.");
            line.RuleFor(l => l.Grade).Must(g => ReturnGrade.All.Contains(g)).WithMessage($"grade must be one of: {string.Join(", ", ReturnGrade.All)}.");
        });
        RuleFor(x => x.Refund).NotNull().WithMessage("refund is required (0 when nothing is refunded).")
            .InclusiveBetween(0, PlaceOrderValidator.MaxAmount).WithMessage($"refund must be between 0 and {PlaceOrderValidator.MaxAmount}.");
    }
}

/// <summary>
/// <c>POST /v1/orders/{id}/returns/{return_id}/receive</c>: grades the returned units and records the refund; resellable
/// units are restocked on their SKU's inventory stream in the same transaction. Raises <c>return.received</c>.
/// </summary>
public sealed class ReceiveReturnEndpoint : CommandEndpoint<ReceiveReturnRequest, ReturnResponse>
{
    public override void Configure()
    {
        Post("orders/{id}/returns/{return_id}/receive");
        Policies(ApiScopes.Required(OrdersContext.UpdateOrders));
        Description(d => d.WithTags("Orders").WithSummary("Receive and grade a return, recording the refund")
            .Produces<ReturnResponse>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(ReceiveReturnRequest req, CancellationToken ct) =>
        SendCommandAsync<IOrderCommand, OrderWrite>(
            new ReceiveReturn(req.Id, req.ReturnId, [.. req.Lines!.Select(l => new GradedLine(l.Sku!, l.Qty!.Value, l.Grade!))], req.Refund!.Value),
            written => ReturnResponse.From(written.Result.Order, req.ReturnId, written.At), ct);
}
