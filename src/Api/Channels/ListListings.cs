using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.Inventory;
using Commerce.Domain.Channels;
using Commerce.Projections.Channels;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Channels;

public sealed class ListListingsRequest : PagedRequest
{
    /// <summary>Only this channel's listings.</summary>
    public string? Channel { get; set; }

    /// <summary>live | suppressed | inactive</summary>
    public string? Status { get; set; }

    /// <summary>Only this SKU's listings (one per channel).</summary>
    public string? Sku { get; set; }
}

public sealed class ListListingsValidator : Validator<ListListingsRequest>
{
    public static readonly string[] Statuses = Enum.GetNames<ListingStatus>().Select(s => s.ToLowerInvariant()).ToArray();

    public ListListingsValidator()
    {
        Include(new PagingRules());
        RuleFor(x => x.Channel).Must(c => InventoryRules.IsChannel(c!)).When(x => x.Channel is not null).WithMessage(InventoryRules.ChannelMessage);
        RuleFor(x => x.Status).Must(s => Statuses.Contains(s)).When(x => x.Status is not null)
            .WithMessage($"status must be one of: {string.Join(", ", Statuses)}.");
        RuleFor(x => x.Sku).Must(s => InventoryRules.IsSku(s!)).When(x => x.Sku is not null).WithMessage("sku is not a SKU.");
    }
}

public sealed record ListingListResponse(IReadOnlyList<ListingResponse> Data, PageMeta Meta) : PagedList<ListingResponse>(Data, Meta);

/// <summary><c>GET /v1/listings</c>: what the last syncs found on each channel, by channel and SKU.</summary>
public sealed class ListListingsEndpoint(IQuerySession session) : Endpoint<ListListingsRequest, ListingListResponse>
{
    public override void Configure()
    {
        Get("listings");
        Policies(ApiScopes.Required(ChannelsContext.ReadChannels));
        Description(d => d.ClearDefaultAccepts().WithTags("Channels").WithSummary("Product listings on the channels, by channel and SKU")
            .Produces<ListingListResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListListingsRequest req, CancellationToken ct)
    {
        var listings = session.Query<ListingView>().AsQueryable();
        if (req.Channel is { } channel) listings = listings.Where(l => l.ChannelId == channel);
        if (req.Status is { } status && Enum.Parse<ListingStatus>(status, ignoreCase: true) is var wanted) listings = listings.Where(l => l.Status == wanted);
        if (req.Sku is { } sku) listings = listings.Where(l => l.Sku == sku);
        var count = await listings.CountAsync(ct);
        var page = await listings.OrderBy(l => l.Id).Skip((req.PageNumber - 1) * req.PageSize).Take(req.PageSize).ToListAsync(ct);
        await Send.OkAsync(new ListingListResponse(page.Select(ListingResponse.From).ToList(), PageMeta.Of(req, count)), ct);
    }
}
