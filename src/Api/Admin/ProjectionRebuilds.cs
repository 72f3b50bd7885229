using System.Collections.Concurrent;
using Commerce.Projections.Inventory;
using Commerce.Projections.Webhooks;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using JasperFx.Events.Daemon;
using Weasel.Core;

namespace Commerce.Api.Admin;

public enum RebuildState { Running, Completed, Failed }

public sealed record RebuildJob(string Id, string Projection, DateTimeOffset StartedAt)
{
    public RebuildState State { get; set; } = RebuildState.Running;
    public long UpToSequence { get; set; }
    public long EventsTotal { get; set; }
    public long EventsProcessed { get; set; }
    public int DocumentsWritten { get; set; }

    /// <summary>Events the projection threw on, skipped as the live daemon skips (and dead-letters) them.</summary>
    public int EventsSkipped { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Error { get; set; }
}

/// <summary>A projection that can be rebuilt beside its live copy: a single-stream fold keyed by stream key.</summary>
internal interface IRebuildable
{
    string Name { get; }
    Task<(int Written, int Skipped)> ReplaceAsync(IDocumentStore store, IReadOnlyList<IEvent> upToPause, CancellationToken ct);
}

internal sealed class SingleStreamRebuild<TView>(string name, SingleStreamProjection<TView, string> projection) : IRebuildable
    where TView : class
{
    public string Name => name;

    /// <summary>
    /// Folds each stream afresh and overwrites its document (bulk COPY, upserting); readers see the old or the new
    /// document, never a gap.
    /// </summary>
    public async Task<(int Written, int Skipped)> ReplaceAsync(IDocumentStore store, IReadOnlyList<IEvent> upToPause, CancellationToken ct)
    {
        var (written, skipped) = (0, 0);
        foreach (var tenant in upToPause.GroupBy(e => e.TenantId))
        {
            var views = tenant.GroupBy(e => e.StreamKey!)
                .Select(stream => stream.OrderBy(e => e.Version).Aggregate((TView?)null, (current, e) => Apply(current, stream.Key, e, ref skipped)))
                .OfType<TView>()
                .ToList();
            await store.BulkInsertAsync(tenant.Key, views, BulkInsertMode.OverwriteExisting, 5000, ct);
            written += views.Count;
        }
        return (written, skipped);
    }

    // The live daemon skips an event its projection throws on (docs/operations.md, "Poisoned events"); so does a rebuild,
    // or one poisoned event would make every rebuild fail and the rebuilt documents differ from the live ones.
    private TView? Apply(TView? current, string streamKey, IEvent e, ref int skipped)
    {
        try
        {
            return projection.Evolve(current, streamKey, e);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            skipped++;
            return current;
        }
    }
}

/// <summary>
/// Rebuilds a projection while it keeps serving: the live shard is paused at sequence P, every stream is folded
/// afresh from its events up to P and its document overwritten (readers meanwhile see the previous documents, which
/// are exactly at P), then the shard resumes from P, so events appended during the rebuild are applied on top.
/// Runs on the node that holds the shard (the daemon's leader in HotCold mode).
/// </summary>
public sealed class ProjectionRebuilds(IDocumentStore store, IServiceProvider services, ILogger<ProjectionRebuilds> logger)
{
    private const int PageSize = 5000;

    private static readonly IReadOnlyDictionary<string, IRebuildable> Rebuildable = new IRebuildable[]
    {
        new SingleStreamRebuild<InventoryItemView>(InventoryRegistration.ItemProjectionName, new InventoryItemProjection()),
        new SingleStreamRebuild<WebhookView>(nameof(WebhookView), new WebhookViewProjection())
    }.ToDictionary(r => r.Name);

    private readonly ConcurrentDictionary<string, RebuildJob> jobs = new();

    public static IEnumerable<string> Names => Rebuildable.Keys;

    public RebuildJob? Find(string id) => jobs.GetValueOrDefault(id);

    public bool IsRebuilding(string projection) => jobs.Values.Any(j => j.Projection == projection && j.State == RebuildState.Running);

    public enum StartResult { Started, UnknownProjection, AlreadyRunning, NotOnThisNode }

    public StartResult TryStart(string projection, out RebuildJob? job)
    {
        job = null;
        if (!Rebuildable.TryGetValue(projection, out var rebuildable)) return StartResult.UnknownProjection;
        // A node without a daemon (or whose daemon is not the leader) cannot pause the live shard.
        var daemon = services.GetService<Marten.Events.Daemon.Coordination.IProjectionCoordinator>()?.DaemonForMainDatabase();
        if (daemon is null || !daemon.CurrentAgents().Any(a => a.Name.Name == projection)) return StartResult.NotOnThisNode;
        lock (jobs)
        {
            if (IsRebuilding(projection)) return StartResult.AlreadyRunning;
            job = new RebuildJob("rbj_" + Guid.NewGuid().ToString("N")[..12], projection, DateTimeOffset.UtcNow);
            jobs[job.Id] = job;
        }
        var started = job;
        _ = Task.Run(() => RunAsync(started, rebuildable, daemon));
        return StartResult.Started;
    }

    private async Task RunAsync(RebuildJob job, IRebuildable rebuildable, IProjectionDaemon daemon)
    {
        var shard = ShardName.Compose(job.Projection);
        await daemon.StopAgentAsync(shard.Identity, null);
        try
        {
            job.UpToSequence = await store.Advanced.ProjectionProgressFor(shard);
            var events = await ReadUpToAsync(job);
            (job.DocumentsWritten, job.EventsSkipped) = await rebuildable.ReplaceAsync(store, events, CancellationToken.None);
            job.State = RebuildState.Completed;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Rebuild {Job} of {Projection} failed", job.Id, job.Projection);
            job.Error = e.Message;
            job.State = RebuildState.Failed;
        }
        finally
        {
            job.FinishedAt = DateTimeOffset.UtcNow;
            await daemon.StartAgentAsync(shard.Identity, CancellationToken.None);
        }
    }

    private async Task<List<IEvent>> ReadUpToAsync(RebuildJob job)
    {
        await using var session = store.QuerySession();
        var upTo = job.UpToSequence;
        var all = session.Events.QueryAllRawEvents().Where(e => e.AnyTenant() && e.Sequence <= upTo);
        job.EventsTotal = await all.CountAsync();
        var events = new List<IEvent>();
        long after = 0;
        while (true)
        {
            var from = after;
            var page = await session.Events.QueryAllRawEvents()
                .Where(e => e.AnyTenant() && e.Sequence > from && e.Sequence <= upTo)
                .OrderBy(e => e.Sequence).Take(PageSize).ToListAsync();
            if (page.Count == 0) return events;
            events.AddRange(page);
            after = page[^1].Sequence;
            job.EventsProcessed = events.Count;
        }
    }
}
