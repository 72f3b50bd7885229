using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.Inventory;
using Commerce.Api.Profile;
using Commerce.Api.WritePath;
using Commerce.Domain.Orders;
using FastEndpoints;
using FluentValidation;

namespace Commerce.Api.Orders;

public sealed class PlaceOrderRequest
{
    /// <summary>The sales channel, e.g. <c>amazon_in</c>.</summary>
    public string? Channel { get; set; }

    /// <summary>The order's id on its channel: makes it an import (never refused; importing it again returns the first).</summary>
    public string? ChannelOrderId { get; set; }

    public CustomerRequest? Customer { get; set; }
    public List<OrderItemRequest>? Items { get; set; }

    /// <summary>ISO 4217 code, e.g. <c>INR</c>.</summary>
    public string? Currency { get; set; }

    public decimal? Discount { get; set; }

    /// <summary>Optional check: must equal the items' sum less the discount.</summary>
    public decimal? Total { get; set; }
}

public sealed class CustomerRequest
{
    public string? Name { get; set; }
    public string? City { get; set; }
    public string? Email { get; set; }
    public string? CustomerId { get; set; }
}

public sealed class OrderItemRequest
{
    public string? Sku { get; set; }
    public int? Qty { get; set; }
    public decimal? Price { get; set; }
}

public sealed class PlaceOrderValidator : Validator<PlaceOrderRequest>
{
    public const int MaxItems = 100;
    public const int MaxQty = 100_000;
    public const decimal MaxAmount = 1_000_000_000m;

    public PlaceOrderValidator()
    {
        RuleFor(x => x.Channel).NotEmpty().WithMessage("channel is required.")
            .Must(c => InventoryRules.IsChannel(c!)).When(x => !string.IsNullOrEmpty(x.Channel), ApplyConditionTo.CurrentValidator)
            .WithMessage(InventoryRules.ChannelMessage);
        RuleFor(x => x.ChannelOrderId).Must(id => id!.Length is >= 1 and <= 100 && !id.Any(char.IsControl))
            .When(x => x.ChannelOrderId is not null).WithMessage("channel_order_id is 1 to 100 printable characters.");
        RuleFor(x => x.Customer).NotNull().WithMessage("customer is required (at least its name).");
        RuleFor(x => x.Customer!.Name).NotEmpty().WithMessage("customer.name is required.").MaximumLength(200)
            .OverridePropertyName("customer.name").When(x => x.Customer is not null);
        RuleFor(x => x.Customer!.City).MaximumLength(100).OverridePropertyName("customer.city").When(x => x.Customer is not null);
        RuleFor(x => x.Customer!.Email).MaximumLength(254).EmailAddress().WithMessage("customer.email must be an email address.")
            .OverridePropertyName("customer.email").When(x => x.Customer?.Email is not null);
        RuleFor(x => x.Customer!.CustomerId).MaximumLength(100).OverridePropertyName("customer.customer_id").When(x => x.Customer is not null);
        RuleFor(x => x.Items).NotEmpty().WithMessage("items is required: at least one { sku, qty, price }.")
            .Must(i => i!.Count <= MaxItems).When(x => x.Items is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage($"At most {MaxItems} items per order.");
        RuleForEach(x => x.Items).NotNull().WithMessage("Each item is an object: { sku, qty, price }.").ChildRules(item =>
        {
            item.RuleFor(i => i.Sku).NotEmpty().WithMessage("sku is required.")
                .Matches(InventoryRules.SkuPattern).When(i => !string.IsNullOrEmpty(i.Sku), ApplyConditionTo.CurrentValidator)
                .WithMessage(InventoryRules.SkuMessage);
            item.RuleFor(i => i.Qty).NotNull().WithMessage("qty is required.").InclusiveBetween(1, MaxQty)
                .WithMessage($"qty must be between 1 and {MaxQty}.");
            item.RuleFor(i => i.Price).NotNull().WithMessage("price is required.").InclusiveBetween(0, MaxAmount)
                .WithMessage($"price must be between 0 and {MaxAmount}.");
        });
        RuleFor(x => x.Items).Must(i => i!.Where(l => l?.Sku is not null).GroupBy(l => l.Sku).All(g => g.Count() == 1))
            .When(x => x.Items is not null).WithMessage("Each SKU once: send one line per SKU with its total qty.");
        RuleFor(x => x.Currency).Must(c => Iso4217.IsCurrency(c!)).When(x => x.Currency is not null)
            .WithMessage("currency must be an ISO 4217 code in capitals, e.g. INR, USD or EUR.");
        RuleFor(x => x.Discount).InclusiveBetween(0, MaxAmount).WithMessage($"discount must be between 0 and {MaxAmount}.");
        RuleFor(x => x.Total).InclusiveBetween(0, MaxAmount).WithMessage($"total must be between 0 and {MaxAmount}.");
    }
}

/// <summary>
/// 201 with the order and <c>Location</c>; an import placed before answers 200 with the first order and
/// <c>Idempotent-Replayed: true</c>, never a second order.
/// </summary>
public sealed class PlaceOrderEndpoint(OrderSla sla) : CommandEndpoint<PlaceOrderRequest, OrderResponse>
{
    public override void Configure()
    {
        Post("orders");
        Policies(ApiScopes.Required(OrdersContext.CreateOrders));
        Description(d => d.WithTags("Orders").WithSummary("Place or import an order, reserving its units")
            .Produces<OrderResponse>(201).Produces<OrderResponse>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(PlaceOrderRequest req, CancellationToken ct)
    {
        var channel = req.Channel!;
        var id = req.ChannelOrderId is { } channelOrderId ? OrderIds.OfImport(channel, channelOrderId) : OrderIds.New();
        var customer = new Customer(req.Customer!.Name!, req.Customer.City, req.Customer.Email, req.Customer.CustomerId);
        var command = new PlaceOrder(id, channel, req.ChannelOrderId, customer,
            [.. req.Items!.Select(i => new OrderItem(i.Sku!, i.Qty!.Value, i.Price!.Value))], req.Currency, req.Discount ?? 0, req.Total,
            sla.For(channel));
        return SendCommandAsync<IOrderCommand, OrderWrite>(command, written =>
            {
                if (!written.Result.Changed) HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
                return OrderResponse.From(written.Result.Order, written.Version, written.At);
            }, ct, statusOf: result => result.Changed ? 201 : 200, location: result => $"/v1/orders/{result.Order.Id}");
    }
}
