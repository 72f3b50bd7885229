using System.Collections.Concurrent;
using System.Reflection;
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

    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the job has completed or failed, so a progress request can wait for the end.</summary>
    internal Task Finished => finished.Task;

    internal void Finish(RebuildState state, string? error = null)
    {
        (State, Error, FinishedAt) = (state, error, DateTimeOffset.UtcNow);
        finished.TrySetResult();
    }
}

/// <summary>A projection that can be rebuilt beside its live copy: a single-stream fold keyed by stream key.</summary>
internal interface IRebuildable
{
    string Name { get; }

    /// <summary>
    /// Folds <paramref name="byStream"/> (the events up to the pause point, one stream after the other, each in version
    /// order) and replaces the documents, counting documents written and events skipped in <paramref name="job"/>. A
    /// reader holding the live table longer than <paramref name="swapWait"/> fails the rebuild, which then changes nothing.
    /// </summary>
    Task ReplaceAsync(IDocumentStore store, IAsyncEnumerable<IReadOnlyList<IEvent>> byStream, TimeSpan swapWait, RebuildJob job, CancellationToken ct);
}

/// <param name="recount">
/// What the live table's triggers keep beside its rows, recounted from the swapped-in rows: SQL given the schema and
/// the table (the inventory summary).
/// </param>
internal sealed class SingleStreamRebuild<TView>(string name, SingleStreamProjection<TView, string> projection, Func<string, string, string>? recount = null)
    : IRebuildable where TView : class
{
    // Documents handed to the writer at a time: enough to make a hand-over cheap, few enough to start writing early.
    private const int BatchSize = 1000;

    public string Name => name;

    /// <summary>
    /// A stream's document is final as soon as the next stream begins, so finished documents are copied into a shadow
    /// table on another task while the events of later streams are still read and folded; the shadow then replaces the
    /// live table at once. Readers see the old documents or the new ones, both at the pause point, never a mix or a gap.
    /// </summary>
    public async Task ReplaceAsync(IDocumentStore store, IAsyncEnumerable<IReadOnlyList<IEvent>> byStream, TimeSpan swapWait, RebuildJob job, CancellationToken ct)
    {
        await using var table = await ShadowTable.CreateAsync(store, typeof(TView), ct);
        var batches = Channel.CreateBounded<IReadOnlyList<ProjectedDocument>>(4);
        var copying = Task.Run(async () =>
        {
            try
            {
                await table.CopyAsync(batches.Reader, written => job.DocumentsWritten += written, ct);
            }
            catch (Exception e)
            {
                // The folding side then fails on its next batch instead of waiting for room in a channel nobody reads.
                batches.Writer.TryComplete(e);
                throw;
            }
        }, ct);
        try
        {
            var batch = new List<ProjectedDocument>(BatchSize);
            var (last, view) = ((IEvent?)null, (TView?)null);
            await foreach (var page in byStream.WithCancellation(ct))
                foreach (var e in page)
                {
                    if (last is not null && (e.StreamKey != last.StreamKey || e.TenantId != last.TenantId))
                    {
                        // The previous stream is complete.
                        if (view is not null) batch.Add(new ProjectedDocument(last.TenantId, last.StreamKey!, last.Version, view));
                        view = null;
                        if (batch.Count == BatchSize)
                        {
                            await batches.Writer.WriteAsync(batch, ct);
                            batch = new List<ProjectedDocument>(BatchSize);
                        }
                    }
                    view = Apply(view, e.StreamKey!, e, job);
                    last = e;
                }
            if (view is not null) batch.Add(new ProjectedDocument(last!.TenantId, last.StreamKey!, last.Version, view));
            if (batch.Count > 0) await batches.Writer.WriteAsync(batch, ct);
            batches.Writer.Complete();
        }
        catch (Exception e)
        {
            // Stops the writer after its current batch. When the writer failed first (this side then only saw its channel
            // closed), its failure is the one to report.
            batches.Writer.TryComplete(e);
            await copying.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (copying.IsFaulted) await copying;
            throw;
        }
        await copying;
        await table.SwapAsync(swapWait, recount, ct);
    }

    // The live daemon skips an event its projection throws on (docs/operations.md, "Poisoned events"); so does a rebuild,
    // or one poisoned event would make every rebuild fail and the rebuilt documents differ from the live ones.
    private TView? Apply(TView? current, string streamKey, IEvent e, RebuildJob job)
    {
        try
        {
            return projection.Evolve(current, streamKey, e);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            job.EventsSkipped++;
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
public sealed class ProjectionRebuilds(IDocumentStore store, IServiceProvider services, IConfiguration configuration, ILogger<ProjectionRebuilds> logger)
{
    // How long the swap waits for readers still using the live table (docs/operations.md, "Rebuilding a projection").
    private TimeSpan SwapWait => configuration.GetValue("Commerce:Projections:RebuildSwapWait", TimeSpan.FromSeconds(10));

    private const int PageSize = 5000;

    private static readonly IReadOnlyDictionary<string, IRebuildable> Rebuildable = new IRebuildable[]
    {
        new SingleStreamRebuild<InventoryItemView>(InventoryRegistration.ItemProjectionName, new InventoryItemProjection(), InventorySummaryStorage.RecountSql),
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
            var counting = CountEventsAsync(job);
            await rebuildable.ReplaceAsync(store, ReadUpToAsync(job), SwapWait, job, CancellationToken.None);
            await counting;
            job.Finish(RebuildState.Completed);
            logger.LogInformation("Rebuilt {Projection} up to sequence {Sequence} in {Seconds:F1} s: {Events} events, {Documents} documents, {Skipped} events skipped",
                job.Projection, job.UpToSequence, (job.FinishedAt - job.StartedAt)!.Value.TotalSeconds, job.EventsProcessed, job.DocumentsWritten, job.EventsSkipped);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Rebuild {Job} of {Projection} failed", job.Id, job.Projection);
            job.Finish(RebuildState.Failed, e.Message);
        }
        finally
        {
            await daemon.StartAgentAsync(shard.Identity, CancellationToken.None);
        }
    }

    /// <summary>
    /// The events up to the pause point stream by stream (in the order of the unique index on tenant, stream and
    /// version), in pages. One forward-only query with only the columns a fold reads (Marten's event query also reads
    /// and parses every metadata column, 4x slower here); pages are handed over through a small channel, so reading and
    /// deserializing run on one core while the caller folds (and writes finished streams) on the other.
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

    // The events Marten's own event query (and so the previous rebuild) read: archived streams stay out.
    private string UpToPause => $"from {store.Options.Events.DatabaseSchemaName}.mt_events where seq_id <= @upTo and is_archived = false";

    /// <summary>Counts the events to fold, for the job's progress, on a connection of its own while reading begins.</summary>
    private async Task CountEventsAsync(RebuildJob job)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"select count(*) {UpToPause}", connection) { CommandTimeout = 0 };
        count.Parameters.AddWithValue("upTo", job.UpToSequence);
        job.EventsTotal = (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task ReadPagesAsync(RebuildJob job, ChannelWriter<IReadOnlyList<IEvent>> pages, CancellationToken ct)
    {
        var serializer = store.Options.Serializer();
        var registry = (IEventRegistry)store.Options.Events;
        var mappings = EventResources.All.SelectMany(r => r.EventTypes).Select(registry.EventMappingFor)
            .ToDictionary(m => m.EventTypeName, m => (m.EventType, Wrap: BareEvent.For(m.EventType)));
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);

        // The stream order's plan costs more than the sequence order's, enough for PostgreSQL to JIT-compile it, which
        // only adds compile time to this plain index scan.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var noJit = new NpgsqlCommand("set local jit = off", connection, transaction))
            await noJit.ExecuteNonQueryAsync(ct);
        await using var read = new NpgsqlCommand(
            $"select seq_id, stream_id, version, type, timestamp, tenant_id, data {UpToPause} order by tenant_id, stream_id, version",
            connection, transaction) { CommandTimeout = 0 };
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

/// <summary>
/// Wraps event data as <c>Event&lt;T&gt;</c> without running its initializers. One of them draws a random <c>Guid</c> for
/// the event's id: a system call per event on Linux, about 40% of the API's CPU in reading 1M events
/// (bench/findings.md, 7). A fold reads no ids; the rebuild sets the fields it does read.
/// </summary>
internal static class BareEvent
{
    public static Func<object, IEvent> For(Type eventType) =>
        typeof(BareEvent).GetMethod(nameof(Wrap), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(eventType)
            .CreateDelegate<Func<object, IEvent>>();

    private static IEvent Wrap<T>(object data) where T : notnull
    {
        var e = (Event<T>)RuntimeHelpers.GetUninitializedObject(typeof(Event<T>));
        e.Data = (T)data;
        return e;
    }
}
