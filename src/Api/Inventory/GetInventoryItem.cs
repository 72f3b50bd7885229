using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Projections.Inventory;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Inventory;

public sealed class GetInventoryItemRequest : ITimeTravelRequest
{
    public string Sku { get; set; } = "";

    /// <summary>Answer the SKU as it was at this moment (rebuilt from its events).</summary>
    public DateTimeOffset? AsOf { get; set; }

    /// <summary>Answer the SKU as it was at this stream version.</summary>
    public long? Version { get; set; }

    /// <summary>Read-your-writes: wait (bounded) until the read model has reached this version.</summary>
    public long? MinVersion { get; set; }
}

public sealed class GetInventoryItemValidator : Validator<GetInventoryItemRequest>
{
    public GetInventoryItemValidator(TimeProvider clock)
    {
        Include(new TimeTravelRules(clock));
        RuleFor(x => x.MinVersion).GreaterThanOrEqualTo(1).WithMessage("min_version starts at 1.");
    }
}

public sealed class GetInventoryItemEndpoint(IQuerySession session, ReadYourWrites readYourWrites, TimeProvider clock) : Endpoint<GetInventoryItemRequest, InventoryItemResponse>
{
    public override void Configure()
    {
        Get("inventory/{sku}");
        Policies(ApiScopes.Required(InventoryContext.ReadInventory));
        Description(d => d.ClearDefaultAccepts().WithTags("Inventory").WithSummary("Stock of one SKU").Produces<InventoryItemResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(GetInventoryItemRequest req, CancellationToken ct)
    {
        var found = req.Requested()
            ? await session.AsItWasAsync(req.Sku, new InventoryItemProjection(), req, ct)
            : new AsItWas<InventoryItemView>(await readYourWrites.LoadAsync<InventoryItemView>(session, req.Sku, req.MinVersion, v => v.Version, ct),
                404, "not_found", $"SKU {req.Sku} is not tracked.");
        if (found.View is not { } view)
        {
            await Send.ResultAsync(Problems.For(HttpContext, found.Status, found.Code, found.Detail));
            return;
        }
        HttpContext.Response.Headers.ETag = ETags.Of(view.Version);
        await Send.OkAsync(InventoryItemResponse.From(view, req.AsOf ?? clock.GetUtcNow()), ct);
    }
}
