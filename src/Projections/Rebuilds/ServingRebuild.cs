using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Logging;

namespace Commerce.Projections.Rebuilds;

/// <summary>
/// Rebuilds a projection while it keeps serving: the live shard is paused at sequence P, every stream is folded
/// afresh from its events up to P and its document overwritten (readers meanwhile see the previous documents, which
/// are exactly at P), then the shard resumes from P, so events appended during the rebuild are applied on top.
/// Runs on the node that holds the shard (the daemon's leader in HotCold mode); <paramref name="eventTypes"/> are the
/// event types a fold may read.
/// </summary>
internal sealed class ServingRebuild(IDocumentStore store, IEnumerable<Type> eventTypes, TimeSpan swapWait, ILogger logger)
{
    public async Task RunAsync(RebuildJob job, IRebuildable rebuildable, IProjectionDaemon daemon)
    {
        var shard = ShardName.Compose(job.Projection);
        await daemon.StopAgentAsync(shard.Identity, null);
        var (outcome, error) = (RebuildState.Completed, (string?)null);
        try
        {
            job.UpToSequence = await store.Advanced.ProjectionProgressFor(shard);
            var events = new EventsByStream(store, eventTypes, job);
            var counting = events.CountAsync();
            await rebuildable.ReplaceAsync(store, events.ReadAsync(), swapWait, job, CancellationToken.None);
            await counting;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Rebuild {Job} of {Projection} failed", job.Id, job.Projection);
            (outcome, error) = (RebuildState.Failed, e.Message);
        }
        try
        {
            await daemon.StartAgentAsync(shard.Identity, CancellationToken.None);
        }
        finally
        {
            // Ended only once the shard runs again: whoever waits for the job and then catches the projection up sees
            // the events appended during the rebuild applied.
            job.Finish(outcome, error);
        }
        if (outcome == RebuildState.Completed)
            logger.LogInformation("Rebuilt {Projection} up to sequence {Sequence} in {Seconds:F1} s: {Events} events, {Documents} documents, {Skipped} events skipped",
                job.Projection, job.UpToSequence, (job.FinishedAt - job.StartedAt)!.Value.TotalSeconds, job.EventsProcessed, job.DocumentsWritten, job.EventsSkipped);
    }
}
