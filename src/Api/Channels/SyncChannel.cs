using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Api.Webhooks;
using Commerce.Api.WritePath;
using Commerce.Domain.Channels;
using Commerce.Projections.Channels;
using Commerce.Projections.Inventory;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Channels;

public sealed class SyncChannelRequest
{
    public string Id { get; set; } = "";
}

public static class QueueSyncHandler
{
    public static Task<IReadOnlyList<WriteOutcome<ChannelSync>>> Handle(
        CommandBatch<QueueSync> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        session.DecideEachAsync<QueueSync, ChannelSync>(batch, SyncDecisions.Decide, ChannelSync.Evolve, clock, ct);
}

/// <summary>
/// <c>POST /v1/channels/{id}/sync</c>: queues a sync job and answers 202 at once; the job runs in the background
/// (<see cref="RunChannelSyncHandler"/>) and is polled at its <c>Location</c>.
/// </summary>
public sealed class SyncChannelEndpoint(IQuerySession session) : CommandEndpoint<SyncChannelRequest, SyncResponse>
{
    /// <summary>SKUs a sync goes through per second, for the estimate.</summary>
    private const int SkusPerSecond = 2_000;

    public override void Configure()
    {
        Post("channels/{id}/sync");
        Policies(ApiScopes.Required(ChannelsContext.ManageChannels));
        Description(d => d.ClearDefaultAccepts().WithTags("Channels").WithSummary("Start a full sync of the channel's listings")
            .Produces<SyncResponse>(202).ProducesWriteProblems());
    }

    public override async Task HandleAsync(SyncChannelRequest req, CancellationToken ct)
    {
        if (await session.Events.FetchStreamStateAsync(Channel.StreamIdOf(req.Id), ct) is null)
        {
            await Send.ResultAsync(Problems.For(HttpContext, 404, "not_found", $"Channel {req.Id} does not exist."));
            return;
        }
        // The tenant's SKU count from its inventory summary row, not a count over the SKUs.
        var batch = session.CreateBatchQuery();
        var counts = InventoryCounts.ReadAsync(batch, session);
        await batch.Execute(ct);
        var estimatedSeconds = 1 + (int)((await counts).Skus / SkusPerSecond);
        await SendCommandAsync<QueueSync, ChannelSync>(new QueueSync(WebhookRules.NewId(WebhookRules.SyncIdPrefix), req.Id, estimatedSeconds),
            written => SyncResponse.Queued(written.Result, estimatedSeconds, written.At), ct, 202, sync => $"/v1/channels/{sync.ChannelId}/syncs/{sync.Id}");
    }
}

public sealed class GetSyncRequest : RecordRequest
{
    public string Id { get; set; } = "";
    public string SyncId { get; set; } = "";
}

public sealed class GetSyncValidator : Validator<GetSyncRequest>
{
    public GetSyncValidator(TimeProvider clock) => Include(new RecordRequestRules(clock));
}

public sealed class GetSyncEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : RecordEndpoint<GetSyncRequest, SyncResponse>
{
    public override void Configure()
    {
        Get("channels/{id}/syncs/{sync_id}");
        Policies(ApiScopes.Required(ChannelsContext.ReadChannels));
        Description(d => d.ClearDefaultAccepts().WithTags("Channels").WithSummary("A sync job: queued, running, completed or failed")
            .Produces<SyncResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(GetSyncRequest req, CancellationToken ct)
    {
        var found = await session.FindAsync(readYourWrites, req.SyncId, new SyncViewProjection(), v => v.Version, req,
            $"Channel {req.Id} has no sync {req.SyncId}.", ct);
        await SendRecordAsync(found.View is { } view && view.ChannelId != req.Id
            ? new AsItWas<SyncView>(null, 404, "not_found", $"Channel {req.Id} has no sync {req.SyncId}.")
            : found, v => v.Version, SyncResponse.From, ct);
    }
}
