using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Projections.Inventory;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Inventory;

public sealed class GetInventoryItemRequest : RecordRequest
{
    public string Sku { get; set; } = "";
}

public sealed class GetInventoryItemValidator : Validator<GetInventoryItemRequest>
{
    public GetInventoryItemValidator(TimeProvider clock) => Include(new RecordRequestRules(clock));
}

public sealed class GetInventoryItemEndpoint(IQuerySession session, ReadYourWrites readYourWrites, TimeProvider clock)
    : RecordEndpoint<GetInventoryItemRequest, InventoryItemResponse>
{
    public override void Configure()
    {
        Get("inventory/{sku}");
        Policies(ApiScopes.Required(InventoryContext.ReadInventory));
        Description(d => d.ClearDefaultAccepts().WithTags("Inventory").WithSummary("Stock of one SKU").Produces<InventoryItemResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(GetInventoryItemRequest req, CancellationToken ct) => await SendRecordAsync(
        await session.FindAsync(readYourWrites, req.Sku, new InventoryItemProjection(), v => v.Version, req, $"SKU {req.Sku} is not tracked.", ct),
        v => v.Version, v => InventoryItemResponse.From(v, req.AsOf ?? clock.GetUtcNow()), ct);
}
