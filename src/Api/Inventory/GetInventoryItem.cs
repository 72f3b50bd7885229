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
        Policies(ApiScopes.Required(ApiScopes.ReadInventory));
        Description(d => d.ClearDefaultAccepts().WithTags("Inventory").WithSummary("Stock of one SKU").Produces<InventoryItemResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(GetInventoryItemRequest req, CancellationToken ct)
    {
        if (req.AsOf is not null || req.Version is not null)
        {
            switch (await session.RebuildAsync(req.Sku, new InventoryItemProjection(), req, ct))
            {
                case TimeTravel.Outcome<InventoryItemView>.Found(var then):
                    HttpContext.Response.Headers.ETag = ETags.Of(then.Version);
                    await Send.OkAsync(InventoryItemResponse.From(then, req.AsOf ?? clock.GetUtcNow()), ct);
                    return;
                case TimeTravel.Outcome<InventoryItemView>.OutOfRange(var status, var code, var detail):
                    await Send.ResultAsync(Problems.For(HttpContext, status, code, detail));
                    return;
            }
        }

        var view = await readYourWrites.LoadAsync<InventoryItemView>(session, req.Sku, req.MinVersion, v => v.Version, ct);
        if (view is null)
        {
            await Send.ResultAsync(Problems.For(HttpContext, 404, "not_found", $"SKU {req.Sku} is not tracked."));
            return;
        }
        HttpContext.Response.Headers.ETag = ETags.Of(view.Version);
        await Send.OkAsync(InventoryItemResponse.From(view, clock.GetUtcNow()), ct);
    }
}
