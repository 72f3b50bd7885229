using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Projections.Inventory;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Inventory;

public sealed class GetInventoryItemRequest
{
    public string Sku { get; set; } = "";
}

public sealed class GetInventoryItemEndpoint(IQuerySession session, TimeProvider clock) : Endpoint<GetInventoryItemRequest, InventoryItemResponse>
{
    public override void Configure()
    {
        Get("inventory/{sku}");
        Policies(ApiScopes.Required(ApiScopes.ReadInventory));
        Description(d => d.ClearDefaultAccepts().WithTags("Inventory").WithSummary("Stock of one SKU").Produces<InventoryItemResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(GetInventoryItemRequest req, CancellationToken ct)
    {
        var view = await session.LoadAsync<InventoryItemView>(req.Sku, ct);
        if (view is null)
        {
            await Send.ResultAsync(Problems.For(HttpContext, 404, "not_found", $"SKU {req.Sku} is not tracked."));
            return;
        }
        HttpContext.Response.Headers.ETag = ETags.Of(view.Version);
        await Send.OkAsync(InventoryItemResponse.From(view, clock.GetUtcNow()), ct);
    }
}
