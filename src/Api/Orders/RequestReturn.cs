using Commerce.Api.Access;
using Commerce.Api.Inventory;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Orders;
using FastEndpoints;
using FluentValidation;

namespace Commerce.Api.Orders;

public sealed class RequestReturnRequest
{
    public string Id { get; set; } = "";
    public List<ReturnLineRequest>? Lines { get; set; }
    public string? Reason { get; set; }
}

public sealed class ReturnLineRequest
{
    public string? Sku { get; set; }
    public int? Qty { get; set; }
}

public sealed class RequestReturnValidator : Validator<RequestReturnRequest>
{
    public RequestReturnValidator()
    {
        RuleFor(x => x.Id).MaximumLength(64);
        RuleFor(x => x.Lines).NotEmpty().WithMessage("lines is required: at least one { sku, qty }.")
            .Must(l => l!.Count <= PlaceOrderValidator.MaxItems).When(x => x.Lines is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage($"At most {PlaceOrderValidator.MaxItems} lines.")
            .Must(l => l!.Where(i => i?.Sku is not null).GroupBy(i => i.Sku).All(g => g.Count() == 1))
            .When(x => x.Lines is not null, ApplyConditionTo.CurrentValidator).WithMessage("Each SKU once.");
        RuleForEach(x => x.Lines).NotNull().WithMessage("Each line is an object: { sku, qty }.").ChildRules(line =>
        {
            line.RuleFor(l => l.Sku).NotEmpty().WithMessage("sku is required.").Matches(InventoryRules.SkuPattern).WithMessage(InventoryRules.SkuMessage);
            line.RuleFor(l => l.Qty).NotNull().WithMessage("qty is required.").InclusiveBetween(1, PlaceOrderValidator.MaxQty)
                .WithMessage($"qty must be between 1 and {PlaceOrderValidator.MaxQty}.");
        });
        RuleFor(x => x.Reason).MaximumLength(500);
    }
}

/// <summary><c>POST /v1/orders/{id}/returns</c>: 201 with the return (status <c>requested</c>); the order's status becomes <c>return</c>.</summary>
public sealed class RequestReturnEndpoint : CommandEndpoint<RequestReturnRequest, ReturnResponse>
{
    public override void Configure()
    {
        Post("orders/{id}/returns");
        Policies(ApiScopes.Required(OrdersContext.UpdateOrders));
        Description(d => d.WithTags("Orders").WithSummary("Open a return of a delivered order's units")
            .Produces<ReturnResponse>(201).ProducesWriteProblems());
    }

    public override Task HandleAsync(RequestReturnRequest req, CancellationToken ct)
    {
        var returnId = OrderIds.NewReturn();
        return SendCommandAsync<IOrderCommand, OrderWrite>(
            new RequestReturn(req.Id, returnId, [.. req.Lines!.Select(l => new ReturnLine(l.Sku!, l.Qty!.Value))], req.Reason),
            written => ReturnResponse.From(written.Result.Order, returnId, written.At), ct, status: 201);
    }
}
