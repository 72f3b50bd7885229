using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Commerce.Api.History;
using Commerce.Projections.Inventory;
using Commerce.Projections.Webhooks;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using JasperFx.Events.Daemon;
using Npgsql;
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
    Task<(int Written, int Skipped)> ReplaceAsync(IDocumentStore store, IAsyncEnumerable<IReadOnlyList<IEvent>> upToPause, CancellationToken ct);
}

internal sealed class SingleStreamRebuild<TView>(string name, SingleStreamProjection<TView, string> projection) : IRebuildable
    where TView : class
{
    public string Name => name;

    /// <summary>
    /// Folds each stream afresh while the pages arrive in sequence order (so each stream's events come in version
    /// order), then overwrites the documents (bulk COPY, upserting); readers see the old or the new document, never a gap.
    /// </summary>
    public async Task<(int Written, int Skipped)> ReplaceAsync(IDocumentStore store, IAsyncEnumerable<IReadOnlyList<IEvent>> upToPause, CancellationToken ct)
    {
        var skipped = 0;
        var views = new Dictionary<(string Tenant, string Stream), TView?>();
        await foreach (var page in upToPause.WithCancellation(ct))
            foreach (var e in page)
            {
                var key = (e.TenantId, e.StreamKey!);
                views[key] = Apply(views.GetValueOrDefault(key), e.StreamKey!, e, ref skipped);
            }

        var written = 0;
        foreach (var tenant in views.Where(v => v.Value is not null).GroupBy(v => v.Key.Tenant, v => v.Value!))
        {
            var documents = tenant.ToList();
            await store.BulkInsertAsync(tenant.Key, documents, BulkInsertMode.OverwriteExisting, 5000, ct);
            written += documents.Count;
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
            (job.DocumentsWritten, job.EventsSkipped) = await rebuildable.ReplaceAsync(store, ReadUpToAsync(job), CancellationToken.None);
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

    /// <summary>
    /// The events up to the pause point in sequence order, in pages. One forward-only query with only the columns a
    /// fold reads (Marten's event query also reads and parses every metadata column, 4x slower here); pages are handed
    /// over through a small channel, so reading and deserializing run on one core while the caller folds on the other.
    /// </summary>
    private async IAsyncEnumerable<IReadOnlyList<IEvent>> ReadUpToAsync(RebuildJob job, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var pages = Channel.CreateBounded<IReadOnlyList<IEvent>>(4);
        var reading = Task.Run(async () =>
        {
            try { await ReadPagesAsync(job, pages.Writer, ct); pages.Writer.Complete(); }
            catch (Exception e) { pages.Writer.Complete(e); }
        }, ct);
        await foreach (var page in pages.Reader.ReadAllAsync(ct))
        {
            yield return page;
            job.EventsProcessed += page.Count;
        }
        await reading;
    }

    private async Task ReadPagesAsync(RebuildJob job, ChannelWriter<IReadOnlyList<IEvent>> pages, CancellationToken ct)
    {
        var serializer = store.Options.Serializer();
        var registry = (IEventRegistry)store.Options.Events;
        var mappings = EventResources.All.SelectMany(r => r.EventTypes).Select(registry.EventMappingFor).ToDictionary(m => m.EventTypeName);
        // The events Marten's own event query (and so the previous rebuild) read: archived streams stay out.
        var upToPause = $"from {store.Options.Events.DatabaseSchemaName}.mt_events where seq_id <= @upTo and is_archived = false";
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using (var count = new NpgsqlCommand($"select count(*) {upToPause}", connection))
        {
            count.Parameters.AddWithValue("upTo", job.UpToSequence);
            job.EventsTotal = (long)(await count.ExecuteScalarAsync(ct))!;
        }

        await using var read = new NpgsqlCommand(
            $"select seq_id, stream_id, version, type, timestamp, tenant_id, data {upToPause} order by seq_id",
            connection) { CommandTimeout = 0 };
        read.Parameters.AddWithValue("upTo", job.UpToSequence);
        await using var reader = await read.ExecuteReaderAsync(ct);
        var page = new List<IEvent>(PageSize);
        while (await reader.ReadAsync(ct))
        {
            var (sequence, stream, version, type) = (reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3));
            var (timestamp, tenant) = (reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5));
            if (!mappings.TryGetValue(type, out var mapping)) continue;   // Marten's own (tombstones) and retired types
            var e = mapping.Wrap(serializer.FromJson(mapping.EventType, reader, 6));
            (e.Sequence, e.StreamKey, e.Version, e.Timestamp, e.TenantId) = (sequence, stream, version, timestamp, tenant);
            page.Add(e);
            if (page.Count < PageSize) continue;
            await pages.WriteAsync(page, ct);
            page = new List<IEvent>(PageSize);
        }
        if (page.Count > 0) await pages.WriteAsync(page, ct);
    }
}
