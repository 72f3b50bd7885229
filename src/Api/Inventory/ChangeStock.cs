using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Inventory;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Inventory;

public sealed class ChangeStockRequest : ConditionalRequest
{
    public string Sku { get; set; } = "";

    /// <summary>Absolute stock level; exclusive with <see cref="Adjust"/>.</summary>
    public int? Quantity { get; set; }

    /// <summary>Signed change of the stock level; exclusive with <see cref="Quantity"/>.</summary>
    public int? Adjust { get; set; }

    /// <summary>Units per channel; listed channels are set, 0 releases one, others keep theirs.</summary>
    public Dictionary<string, int>? Allocations { get; set; }

    public int? ReorderPoint { get; set; }
    public string? Reason { get; set; }
}

public sealed class ChangeStockValidator : Validator<ChangeStockRequest>
{
    public const int MaxUnits = 1_000_000_000;

    public ChangeStockValidator()
    {
        Include(new IfMatchRules());
        RuleFor(x => x.Sku).Matches(InventoryRules.SkuPattern).WithMessage(InventoryRules.SkuMessage);
        RuleFor(x => x)
            .Must(x => x.Quantity is not null || x.Adjust is not null || x.Allocations is not null || x.ReorderPoint is not null)
            .WithName("body").WithMessage("Send quantity or adjust, and/or allocations or reorder_point.");
        RuleFor(x => x.Adjust).Null().When(x => x.Quantity is not null).WithMessage("Send either quantity (absolute) or adjust (delta), not both.");
        RuleFor(x => x.Quantity).InclusiveBetween(0, MaxUnits).WithMessage($"quantity must be between 0 and {MaxUnits}.");
        RuleFor(x => x.Adjust).NotEqual(0).WithMessage("adjust must be a non-zero whole number of units.")
            .InclusiveBetween(-MaxUnits, MaxUnits).WithMessage($"adjust must be between -{MaxUnits} and {MaxUnits}.");
        RuleFor(x => x.ReorderPoint).InclusiveBetween(0, MaxUnits).WithMessage($"reorder_point must be between 0 and {MaxUnits}.");
        RuleFor(x => x.Reason).MaximumLength(500);
        RuleFor(x => x.Allocations!)
            .Must(a => a.Count <= 100).WithMessage("At most 100 channels per request.")
            .When(x => x.Allocations is not null);
        RuleForEach(x => x.Allocations)
            .Must(a => InventoryRules.IsChannel(a.Key)).WithMessage(a => InventoryRules.ChannelMessage)
            .Must(a => a.Value is >= 0 and <= MaxUnits).WithMessage($"Allocations are whole units between 0 and {MaxUnits}.");
    }
}

public sealed record StockLevelResponse(
    string Sku, int TotalStock, int Available, int Reserved, IReadOnlyDictionary<string, int> Allocations, int ReorderPoint, long Version,
    DateTimeOffset UpdatedAt)
{
    public static StockLevelResponse From(StockItem stock, long version, DateTimeOffset at) =>
        new(stock.Sku, stock.OnHand, stock.Unallocated, stock.Reserved, stock.Allocations, stock.ReorderPoint, version, at);
}

/// <summary>Decides every <see cref="ChangeStock"/> of the batch, each SKU's in order, in one transaction.</summary>
public static class ChangeStockHandler
{
    public static Task<IReadOnlyList<WriteOutcome<StockItem>>> Handle(
        CommandBatch<ChangeStock> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        session.DecideEachAsync<ChangeStock, StockItem>(batch, StockDecisions.Decide, StockItem.Evolve, clock, ct);
}

public sealed class ChangeStockEndpoint : CommandEndpoint<ChangeStockRequest, StockLevelResponse>
{
    public override void Configure()
    {
        Patch("inventory/{sku}");
        Policies(ApiScopes.Required(InventoryContext.UpdateInventory));
        Description(d => d.WithTags("Inventory").WithSummary("Set, adjust or allocate stock of a SKU")
            .Produces<StockLevelResponse>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(ChangeStockRequest req, CancellationToken ct) =>
        SendCommandAsync<ChangeStock, StockItem>(new ChangeStock(req.Sku, StepsOf(req), req.ExpectedVersion()),
            written => StockLevelResponse.From(written.Result, written.Version, written.At), ct);

    private static List<IStockStep> StepsOf(ChangeStockRequest req)
    {
        var steps = new List<IStockStep>();
        if (req.ReorderPoint is { } reorderPoint) steps.Add(new SetReorderPoint(reorderPoint));
        if (req.Quantity is { } quantity) steps.Add(new SetStock(quantity, req.Reason));
        if (req.Adjust is { } delta) steps.Add(new AdjustStock(delta, req.Reason));
        if (req.Allocations is { } allocations) steps.Add(new AllocateStock(allocations));
        return steps;
    }
}
