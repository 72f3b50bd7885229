using Commerce.Domain.Common;
using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Inventory;
using FastEndpoints;
using FluentValidation;
using Marten;
using Wolverine;

namespace Commerce.Api.Inventory;

public sealed class UpdateInventoryRequest
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

    [FromHeader("If-Match", isRequired: false)]
    public string? IfMatch { get; set; }
}

public sealed class UpdateInventoryValidator : Validator<UpdateInventoryRequest>
{
    public const int MaxUnits = 1_000_000_000;

    public UpdateInventoryValidator()
    {
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
        RuleFor(x => x.IfMatch).Matches(ETags.IfMatchPattern).When(x => x.IfMatch is not null).WithMessage(ETags.IfMatchMessage);
    }
}

public sealed record StockLevelResponse(
    string Sku, int TotalStock, int Available, IReadOnlyDictionary<string, int> Allocations, int ReorderPoint, long Version, DateTimeOffset UpdatedAt);

/// <summary>
/// The command behind <c>PATCH /v1/inventory/{sku}</c>: its steps are decided and appended together. It always reaches
/// its handler in a <see cref="ChangeStockBatch"/>, alone or with the others waiting for a commit (group commit).
/// </summary>
public sealed record ChangeStock(string Sku, IReadOnlyList<IStockCommand> Steps, long? ExpectedVersion) : IBatchableCommand
{
    public object BatchOf(IReadOnlyList<Batched> commands) => new ChangeStockBatch(commands);
}

/// <summary>One or more <see cref="ChangeStock"/> on one or more SKUs, each SKU's in order, committed together.</summary>
public sealed record ChangeStockBatch(IReadOnlyList<Batched> Commands);

public static class ChangeStockHandler
{
    public static Task<IReadOnlyList<WriteOutcome<StockItem>>> Handle(ChangeStockBatch batch, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        session.DecideEachAsync<StockItem>(
            batch.Commands.Select(b => (Command: (ChangeStock)b.Command, b.Metadata))
                .Select(b => new StreamCommand<StockItem>(b.Command.Sku, b.Command.ExpectedVersion, Decide(b.Command, clock), b.Metadata)).ToList(),
            StockItem.Evolve, clock, ct);

    private static Func<StockItem?, Decision> Decide(ChangeStock command, TimeProvider clock) =>
        stock => StockDecisions.Decide(stock, command.Sku, command.Steps, clock.GetUtcNow());
}

public sealed class UpdateInventoryEndpoint(CommandDispatcher commands) : Endpoint<UpdateInventoryRequest, StockLevelResponse>
{
    public override void Configure()
    {
        Patch("inventory/{sku}");
        Policies(ApiScopes.Required(ApiScopes.UpdateInventory));
        Description(d => d.WithTags("Inventory").WithSummary("Set, adjust or allocate stock of a SKU")
            .Produces<StockLevelResponse>(200).ProducesWriteProblems());
    }

    public override async Task HandleAsync(UpdateInventoryRequest req, CancellationToken ct)
    {
        var command = new ChangeStock(req.Sku, StepsOf(req), ETags.ToVersion(req.IfMatch));
        var outcome = await commands.SendAsync<StockItem>(HttpContext, command.Sku, command, ct);
        if (outcome is WriteOutcome<StockItem>.Written(var stock, var version, var at))
        {
            HttpContext.Response.Headers.ETag = ETags.Of(version);
            await Send.OkAsync(new StockLevelResponse(
                stock.Sku, stock.OnHand, stock.OnHand - stock.Allocated, stock.Allocations, stock.ReorderPoint, version, at), ct);
            return;
        }
        await Send.ResultAsync(CommandDispatcher.ProblemFor(HttpContext, outcome));
    }

    private static List<IStockCommand> StepsOf(UpdateInventoryRequest req)
    {
        var steps = new List<IStockCommand>();
        if (req.ReorderPoint is { } reorderPoint) steps.Add(new SetReorderPoint(reorderPoint));
        if (req.Quantity is { } quantity) steps.Add(new SetStock(quantity, req.Reason));
        if (req.Adjust is { } delta) steps.Add(new AdjustStock(delta, req.Reason));
        if (req.Allocations is { } allocations) steps.Add(new AllocateStock(allocations));
        return steps;
    }
}
