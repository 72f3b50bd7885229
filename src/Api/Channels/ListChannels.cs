using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Domain.Channels;
using Commerce.Projections.Channels;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Channels;

public sealed class ListChannelsRequest : PagedRequest;

public sealed class ListChannelsValidator : Validator<ListChannelsRequest>
{
    public ListChannelsValidator() => Include(new PagingRules());
}

public sealed record ChannelListResponse(IReadOnlyList<ChannelResponse> Data, PageMeta Meta) : PagedList<ChannelResponse>(Data, Meta);

public sealed class ListChannelsEndpoint(IQuerySession session, TimeProvider clock) : Endpoint<ListChannelsRequest, ChannelListResponse>
{
    public override void Configure()
    {
        Get("channels");
        Policies(ApiScopes.Required(ChannelsContext.ReadChannels));
        Description(d => d.ClearDefaultAccepts().WithTags("Channels").WithSummary("Connected channels with their sync status, by id")
            .Produces<ChannelListResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListChannelsRequest req, CancellationToken ct)
    {
        var all = session.Query<ChannelView>();
        var count = await all.CountAsync(ct);
        var page = await all.OrderBy(x => x.Id).Skip((req.PageNumber - 1) * req.PageSize).Take(req.PageSize).ToListAsync(ct);
        var ordersToday = await OrdersToday.CountAsync(session, page.Select(c => c.State.ChannelId).ToList(), clock.GetUtcNow(), ct);
        await Send.OkAsync(new ChannelListResponse(page.Select(c => ChannelResponse.From(c, ordersToday[c.State.ChannelId])).ToList(),
            PageMeta.Of(req, count)), ct);
    }
}

public sealed class GetChannelRequest : RecordRequest
{
    public string Id { get; set; } = "";
}

public sealed class GetChannelValidator : Validator<GetChannelRequest>
{
    public GetChannelValidator(TimeProvider clock) => Include(new RecordRequestRules(clock));
}

public sealed class GetChannelEndpoint(IQuerySession session, ReadYourWrites readYourWrites, TimeProvider clock)
    : RecordEndpoint<GetChannelRequest, ChannelResponse>
{
    public override void Configure()
    {
        Get("channels/{id}");
        Policies(ApiScopes.Required(ChannelsContext.ReadChannels));
        Description(d => d.ClearDefaultAccepts().WithTags("Channels").WithSummary("One channel").Produces<ChannelResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(GetChannelRequest req, CancellationToken ct)
    {
        var found = await session.FindAsync(readYourWrites, Channel.StreamIdOf(req.Id), new ChannelViewProjection(), v => v.Version, req,
            $"Channel {req.Id} does not exist.", ct);
        // As it is now: a channel read as it was (as_of, version) shows today's count too; orders keep no channel history.
        var ordersToday = found.View is null ? 0 : (await OrdersToday.CountAsync(session, [req.Id], clock.GetUtcNow(), ct))[req.Id];
        await SendRecordAsync(found, v => v.Version, v => ChannelResponse.From(v, ordersToday), ct);
    }
}
