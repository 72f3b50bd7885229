using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.Inventory;
using Commerce.Domain.Channels;
using Commerce.Projections;
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

    /// <summary>The <c>meta.next_cursor</c> of the previous page: the listings after the last one shown (instead of <c>page</c>).</summary>
    public string? After { get; set; }
}

public sealed class ListListingsValidator : Validator<ListListingsRequest>
{
    public static readonly string[] Statuses = Enum.GetNames<ListingStatus>().Select(s => s.ToLowerInvariant()).ToArray();

    public ListListingsValidator()
    {
        Include(new KeysetPagingRules<ListListingsRequest>(x => x.After, id => id.StartsWith(Listing.KeyPrefix, StringComparison.Ordinal)));
        RuleFor(x => x.Channel).Must(c => InventoryRules.IsChannel(c!)).When(x => x.Channel is not null).WithMessage(InventoryRules.ChannelMessage);
        RuleFor(x => x.Status).Must(s => Statuses.Contains(s)).When(x => x.Status is not null)
            .WithMessage($"status must be one of: {string.Join(", ", Statuses)}.");
        RuleFor(x => x.Sku).Must(s => InventoryRules.IsSku(s!)).When(x => x.Sku is not null).WithMessage("sku is not a SKU.");
    }
}

public sealed record ListingListResponse(IReadOnlyList<ListingResponse> Data, CursorPageMeta Meta);

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
        // One round trip: the page (one more row, to know whether a next page exists) and the total, which the listing
        // counts by channel and status give in a few rows; a SKU has a listing per channel at most, counted as found.
        var batch = session.CreateBatchQuery();
        var wanted = req.Status is { } status ? Enum.Parse<ListingStatus>(status, ignoreCase: true) : (ListingStatus?)null;
        var listings = ChannelsRegistration.ListingCounts.Query(batch)
            .Equal(req.Channel, "channel_id", l => l.ChannelId == req.Channel)
            .Equal(wanted?.ToString(), "status", l => l.Status == wanted!.Value);
        if (req.Sku is { } sku) listings.Where(l => l.Sku == sku);
        var filtered = listings.Query;
        var total = listings.TotalAsync(batch, session);
        var page = req.After is { } cursor && KeysetPaging.Decode(cursor, _ => true) is { } after ? filtered.Filter(l => l.Id.CompareTo(after) > 0) : filtered;
        var rows = page.OrderBy(l => l.Id).Skip(req.After is null ? (req.PageNumber - 1) * req.PageSize : 0).Take(req.PageSize + 1).ToList();
        await batch.Execute(ct);

        var found = await rows;
        var shown = found.Take(req.PageSize).ToList();
        var next = found.Count > req.PageSize ? KeysetPaging.Encode(shown[^1].Id) : null;
        await Send.OkAsync(new ListingListResponse(shown.Select(ListingResponse.From).ToList(), CursorPageMeta.Of(req, await total, next)), ct);
    }
}
