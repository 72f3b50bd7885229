using System.Runtime.CompilerServices;
using System.Threading.Channels;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace Commerce.Projections.Rebuilds;

/// <summary>
/// The events of <paramref name="eventTypes"/> up to a rebuild's pause point, stream by stream (in the order of the
/// unique index on tenant, stream and version), in pages. One forward-only query with only the columns a fold reads
/// (Marten's event query also reads and parses every metadata column, 4x slower here); pages are handed over through a
/// small channel, so reading and deserializing run on one core while the caller folds (and writes finished streams) on
/// the other.
/// </summary>
/// <remarks>
/// Marten internals: it reads Marten's event table itself, so it depends on <c>mt_events</c>' column names and what
/// they hold (<c>seq_id</c>, <c>stream_id</c> as text under string stream identity, <c>version</c>, <c>type</c> as the
/// mapping's event type name, <c>timestamp</c>, <c>tenant_id</c>, <c>data</c> as the serializer's JSON,
/// <c>is_archived</c>), on the unique index over (tenant_id, stream_id, version) for the stream order, and on Marten's
/// own rows (tombstones) having a type no mapping of ours names. Re-check on each Marten upgrade.
/// </remarks>
internal sealed class EventsByStream(IDocumentStore store, IEnumerable<Type> eventTypes, RebuildJob job)
{
    private const int PageSize = 5000;

    // The events Marten's own event query (and so its rebuild) reads: archived streams stay out.
    private string UpToPause => $"from {store.Options.Events.DatabaseSchemaName}.mt_events where seq_id <= @upTo and is_archived = false";

    /// <summary>Counts the events to fold into the job's <see cref="RebuildJob.EventsTotal"/>, on a connection of its own.</summary>
    public async Task CountAsync()
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"select count(*) {UpToPause}", connection) { CommandTimeout = 0 };
        count.Parameters.AddWithValue("upTo", job.UpToSequence);
        job.EventsTotal = (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>The pages, each counted into the job's <see cref="RebuildJob.EventsProcessed"/> once the caller took it.</summary>
    public async IAsyncEnumerable<IReadOnlyList<IEvent>> ReadAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        var pages = Channel.CreateBounded<IReadOnlyList<IEvent>>(4);
        var reading = Task.Run(async () =>
        {
            try { await ReadPagesAsync(pages.Writer, ct); pages.Writer.Complete(); }
            catch (Exception e) { pages.Writer.Complete(e); }
        }, ct);
        await foreach (var page in pages.Reader.ReadAllAsync(ct))
        {
            yield return page;
            job.EventsProcessed += page.Count;
        }
        await reading;
    }

    private async Task ReadPagesAsync(ChannelWriter<IReadOnlyList<IEvent>> pages, CancellationToken ct)
    {
        var serializer = store.Options.Serializer();
        var registry = (IEventRegistry)store.Options.Events;
        var mappings = eventTypes.Select(registry.EventMappingFor)
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
