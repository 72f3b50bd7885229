// Benchmark loader: appends inventory events straight through Marten (no HTTP) and times a projection rebuild.
//
//   load    --connection CS --total-events N [--events-per-stream 10] [--tenant bench-rebuild] [--workers 4]
//           tops the event store up to N events (counting what is already there) in new streams.
//   rebuild --connection CS [--projection InventoryItemView] [--batch-size N] [--flush-threshold N] [--cache-limit N]
//           rebuilds the inventory read model from all events with Marten's daemon and times it. The optional
//           numbers are experiments on the projection's async options (AsyncOptions.BatchSize, RebuildFlushThreshold,
//           CacheLimitPerTenant); without them the registration is exactly the API's (AddInventory).
//
// Each command prints one JSON line on stdout (progress goes to stderr). The store options mirror the API's
// (src/Api/Hosting/CommerceHost.cs); keep them in step when those change.

using System.Diagnostics;
using System.Text.Json;
using Commerce.Domain.Inventory;
using Commerce.Projections.Inventory;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using JasperFx.MultiTenancy;
using Marten;
using Npgsql;
using Weasel.Core;

var command = args.FirstOrDefault();
var options = Options.Parse(args.Skip(1).ToArray());
var connection = options.Get("connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__Commerce")
    ?? throw new ArgumentException("--connection or ConnectionStrings__Commerce is required");

switch (command)
{
    case "load":
        return await Load(connection, options);
    case "rebuild":
        return await Rebuild(connection, options);
    default:
        Console.Error.WriteLine("usage: Commerce.Bench.Loader load|rebuild --connection CS [options] (see Program.cs)");
        return 2;
}

static DocumentStore BuildStore(string connection, Options? tuning = null) => DocumentStore.For(opts =>
{
    // Same as CommerceHost.AddCommerce (the parts that shape the event store and the inventory projection).
    opts.Connection(connection);
    opts.DatabaseSchemaName = "commerce";
    opts.UseSystemTextJsonForSerialization(EnumStorage.AsString);
    opts.Events.StreamIdentity = StreamIdentity.AsString;
    opts.Events.TenancyStyle = TenancyStyle.Conjoined;
    opts.Policies.AllDocumentsAreMultiTenanted();
    opts.Events.AppendMode = EventAppendMode.Quick;
    opts.Events.MetadataConfig.EnableAll();
    opts.Events.MetadataConfig.UserNameEnabled = true;
    opts.Events.UseAdvisoryLockTransaction = true;
    // The API owns the schema; the loader only reads and writes it.
    opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
    if (tuning is not null && (tuning.Get("batch-size") ?? tuning.Get("flush-threshold") ?? tuning.Get("cache-limit")) is not null)
    {
        // Experiment: the same registration as AddInventory with the async options given on the command line.
        opts.Schema.For<StockItem>().Identity(x => x.Sku);
        opts.Projections.Add(new Commerce.Projections.DomainFold<StockItem, IInventoryEvent>(StockItem.Evolve), ProjectionLifecycle.Live);
        opts.Projections.Add(new InventoryItemProjection(), ProjectionLifecycle.Async, o =>
        {
            if (tuning.Get("batch-size") is { } batch) o.BatchSize = int.Parse(batch);
            if (tuning.Get("flush-threshold") is { } flush) o.RebuildFlushThreshold = int.Parse(flush);
            if (tuning.Get("cache-limit") is { } cache) o.CacheLimitPerTenant = int.Parse(cache);
        });
        opts.Schema.For<InventoryItemView>().Identity(x => x.Sku)
            .Duplicate(x => x.Band).Duplicate(x => x.TotalStock).Duplicate(x => x.LastMovedOutAt);
        return;
    }
    opts.AddInventory();
});

static async Task<long> CountEvents(string connection)
{
    await using var conn = new NpgsqlConnection(connection);
    await conn.OpenAsync();
    await using var cmd = new NpgsqlCommand("select count(*) from commerce.mt_events", conn);
    return (long)(await cmd.ExecuteScalarAsync())!;
}

static async Task<int> Load(string connection, Options options)
{
    var total = options.Long("total-events", 1_000_000);
    var perStream = (int)options.Long("events-per-stream", 10);
    var tenant = options.Get("tenant") ?? "bench-rebuild";
    var workers = (int)options.Long("workers", 2);
    var streamsPerBatch = (int)options.Long("streams-per-batch", 2000);
    if (perStream < 2) throw new ArgumentException("--events-per-stream must be at least 2");

    await using var store = BuildStore(connection);
    await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    var existing = await CountEvents(connection);
    var missing = Math.Max(0, total - existing);
    var streams = (int)((missing + perStream - 1) / perStream);
    var runId = DateTime.UtcNow.ToString("HHmmss");
    Console.Error.WriteLine($"loader: {existing} events present, appending {missing} ({streams} streams of up to {perStream}) for tenant {tenant}");

    var clock = Stopwatch.StartNew();
    var next = -1;
    long appended = 0;
    var start = DateTimeOffset.UtcNow.AddDays(-60);
    await Parallel.ForEachAsync(Enumerable.Range(0, workers), async (_, ct) =>
    {
        while (true)
        {
            var first = Interlocked.Add(ref next, streamsPerBatch) - streamsPerBatch + 1;
            if (first >= streams) return;
            var last = Math.Min(streams, first + streamsPerBatch);
            // StartStream only builds the stream actions here; COPY writes them (Marten's bulk event insert).
            await using var session = store.LightweightSession(tenant);
            var actions = new List<StreamAction>(last - first);
            long batchEvents = 0;
            for (var s = first; s < last; s++)
            {
                var sku = $"LOAD-{runId}-{s:D7}";
                var count = (int)Math.Min(perStream, missing - (long)s * perStream);
                var events = new List<object>(count) { new InventoryTracked(sku, 10, start) };
                var onHand = 0;
                for (var i = 1; i < count; i++)
                {
                    var at = start.AddMinutes(s % 1000 + i * 7);
                    var delta = i % 3 == 0 ? -1 : 5;
                    onHand += delta;
                    events.Add(new StockAdjusted(sku, delta, onHand, null, at));
                }
                actions.Add(session.Events.StartStream<StockItem>(sku, events));
                batchEvents += events.Count;
            }
            await store.BulkInsertEventsAsync(tenant, actions, 10_000, ct);
            var done = Interlocked.Add(ref appended, batchEvents);
            if ((done / batchEvents) % 10 == 0) Console.Error.WriteLine($"loader: {done} / {missing} events");
        }
    });
    clock.Stop();
    var now = await CountEvents(connection);
    Emit(new
    {
        command = "load", events_before = existing, events_appended = appended, events_total = now, streams,
        seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
        events_per_s = clock.Elapsed.TotalSeconds > 0 ? Math.Round(appended / clock.Elapsed.TotalSeconds) : 0
    });
    return 0;
}

static async Task<int> Rebuild(string connection, Options options)
{
    var projection = options.Get("projection") ?? typeof(InventoryItemView).Name;
    await using var store = BuildStore(connection, options);
    var events = await CountEvents(connection);
    using var daemon = await store.BuildProjectionDaemonAsync();
    Console.Error.WriteLine($"loader: rebuilding {projection} over {events} events");
    var clock = Stopwatch.StartNew();
    await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(30), CancellationToken.None);
    clock.Stop();
    await daemon.StopAllAsync();

    await using var conn = new NpgsqlConnection(connection);
    await conn.OpenAsync();
    await using var cmd = new NpgsqlCommand("select count(*) from commerce.mt_doc_inventoryitemview", conn);
    var documents = (long)(await cmd.ExecuteScalarAsync())!;
    Emit(new
    {
        command = "rebuild", projection, events, documents,
        tuning = new { batch_size = options.Get("batch-size"), flush_threshold = options.Get("flush-threshold"), cache_limit = options.Get("cache-limit") },
        seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
        events_per_s = Math.Round(events / clock.Elapsed.TotalSeconds)
    });
    return 0;
}

static void Emit(object figures) => Console.WriteLine(JsonSerializer.Serialize(figures));
