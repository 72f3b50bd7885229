using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

/// <summary>
/// <c>webhooks</c>: deliveries/s and commit-to-arrival latency, seen from a receiver on loopback (this process).
/// <list type="bullet">
/// <item><c>--mode backlog</c>: store <c>--events</c> inventory.low events first, register <c>--webhooks</c> webhooks, then
/// replay those events to each at once: how fast a queue of deliveries drains (first to last arrival).</item>
/// <item><c>--mode live</c>: register first, then raise events on an open schedule at <c>--rate</c> per second for
/// <c>--seconds</c>: arrival minus the event's <c>created_at</c> (the time the event was stored) per delivery.</item>
/// </list>
/// Either way every webhook's arrivals are checked against its delivery log: each delivery arrived, in event order.
/// </summary>
static class WebhookBench
{
    public static async Task<int> Run(HttpClient http, Options options)
    {
        var mode = options.Get("mode") ?? "backlog";
        var webhooks = (int)options.Long("webhooks", 1);
        var port = (int)options.Long("receiver-port", 5100);
        var prefix = options.Get("prefix") ?? $"WH{DateTime.UtcNow:HHmmss}-";
        var maxInFlight = options.Get("max-in-flight");
        var apiPid = options.Get("api-pid");
        await using var receiver = new Receiver(port, webhooks, keepAlive: options.Get("close") is null,
            answerAfter: TimeSpan.FromMilliseconds(options.Double("answer-ms", 0)));

        var ids = new List<string>();
        async Task<string?> RegisterAsync()
        {
            for (var i = 0; i < webhooks; i++)
            {
                var inFlight = maxInFlight is null ? "" : $",\"max_in_flight\":{maxInFlight}";
                using var created = await http.PostAsync("/v1/webhooks", Json($"{{\"url\":\"{receiver.UrlOf(i)}\",\"events\":[\"inventory.low\"]{inFlight}}}"));
                if (!created.IsSuccessStatusCode) return $"registering a webhook answered {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}";
                using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
                ids.Add(body.RootElement.GetProperty("id").GetString()!);
            }
            return null;
        }

        // The next run's events are not theirs: delete them, or (--keep true) disable them, so their log stays readable.
        async Task RetireAsync(bool keep)
        {
            foreach (var id in ids)
                (keep ? await http.PatchAsync($"/v1/webhooks/{id}", Json("{\"active\":false}")) : await http.DeleteAsync($"/v1/webhooks/{id}")).Dispose();
        }

        var clock = Stopwatch.StartNew();
        long expected;
        double? cpuAtStart = null;
        double? driveSeconds = null, rate = null;
        if (mode == "backlog")
        {
            var events = (int)options.Long("events", 2000);
            // The window by event sequence (the store's high-water mark before and after the drive; nothing else writes
            // meanwhile), which the replay reads through the events' primary key. A window by time would scan the
            // whole event table per replay: mt_events has no index on its timestamp.
            var from = await HighWaterMarkAsync(http) + 1;
            var driven = await Drive(http, prefix, events, rate: null, (int)options.Long("concurrency", 32), StockThenTakeBelowReorderPoint);
            if (driven.Errors > 0) return Fail($"{driven.Errors} commands failed: {driven.FirstError}");
            driveSeconds = driven.Seconds;
            if (await RegisterAsync() is { } failed) return Fail(failed);
            var to = await HighWaterMarkAsync(http);   // caught up too: the driven events are not the deliveries' work
            clock.Restart();
            cpuAtStart = CpuSeconds(apiPid);
            var replays = await Task.WhenAll(ids.Select(async id =>
            {
                var window = $"{{\"from\":{from},\"to\":{to},\"events\":[\"inventory.low\"]}}";
                using var replayed = await http.PostAsync($"/v1/webhooks/{id}/replay", Json(window));
                var body = await replayed.Content.ReadAsStringAsync();
                if (!replayed.IsSuccessStatusCode) Console.Error.WriteLine($"webhooks: replay to {id} answered {(int)replayed.StatusCode} {body}");
                return replayed.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.GetProperty("deliveries").GetInt64() : -1;
            }));
            if (replays.Any(n => n != events))
            {
                await RetireAsync(keep: false);
                return Fail($"replays created {string.Join(", ", replays)} deliveries, not {events} each");
            }
            expected = replays.Sum();
        }
        else
        {
            rate = options.Double("rate", 50);
            var events = (int)Math.Max(1, rate.Value * options.Double("seconds", 20));
            // The SKUs are stocked before the webhook exists, so each event on the schedule costs one command, as a
            // stock movement does; stocking is not an inventory.low event and is not timed.
            var stocked = await Drive(http, prefix, events, rate: null, (int)options.Long("concurrency", 32), Stock);
            if (stocked.Errors > 0) return Fail($"{stocked.Errors} commands failed: {stocked.FirstError}");
            await ProjectionsCaughtUpAsync(http);
            if (await RegisterAsync() is { } failed) return Fail(failed);
            var driven = await Drive(http, prefix, events, rate, concurrency: 0, TakeBelowReorderPoint);
            if (driven.Errors > 0) return Fail($"{driven.Errors} commands failed: {driven.FirstError}");
            driveSeconds = driven.Seconds;
            expected = (long)events * webhooks;
        }

        var giveUp = clock.Elapsed + TimeSpan.FromSeconds(options.Double("give-up-seconds", 300));
        while (receiver.Distinct < expected && clock.Elapsed < giveUp) await Task.Delay(20);
        var cpu = CpuSeconds(apiPid) - cpuAtStart;   // all the process did meanwhile: polling and JIT included
        var (missing, outOfOrder) = await CheckOrderAsync(http, receiver, ids);
        await RetireAsync(keep: options.Get("keep") is not null);

        var arrivals = receiver.Arrivals;
        var span = arrivals.Count > 1 ? (arrivals[^1].At - arrivals[0].At).TotalSeconds : 0;
        Figures.Emit(new
        {
            command = "webhooks", mode, webhooks, webhook_ids = ids, expected, received = arrivals.Count, distinct = receiver.Distinct,
            repeated = arrivals.Count - receiver.Distinct, connections = receiver.Connections, missing, out_of_order = outOfOrder, max_in_flight = maxInFlight,
            target_rate = rate, drive_seconds = driveSeconds is { } d ? Math.Round(d, 3) : (double?)null,
            seconds = Math.Round(span, 3), deliveries_per_s = span > 0 ? Math.Round(arrivals.Count / span, 1) : 0,
            api_cpu_ms_per_delivery = cpu is { } used && arrivals.Count > 0 ? Math.Round(used * 1000 / arrivals.Count, 3) : (double?)null,
            latency_ms = mode == "live" ? Figures.Summary(arrivals.Select(a => (a.At - a.CreatedAt).TotalMilliseconds).ToList()) : null
        });
        return missing == 0 && (outOfOrder == 0 || maxInFlight is not (null or "1")) ? 0 : 1;   // above 1, order is not promised
    }

    private sealed record Driven(double Seconds, long Errors, string? FirstError);

    // One inventory.low event per SKU: stock 30, then 5, crosses the default reorder point (10) from above.
    private static readonly string[] Stock = ["{\"quantity\":30}"];
    private static readonly string[] TakeBelowReorderPoint = ["{\"adjust\":-25}"];
    private static readonly string[] StockThenTakeBelowReorderPoint = [.. Stock, .. TakeBelowReorderPoint];

    private static async Task<Driven> Drive(HttpClient http, string prefix, int events, double? rate, int concurrency, string[] bodies)
    {
        long errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();

        async Task Raise(int i)
        {
            foreach (var body in bodies)
            {
                using var response = await http.PatchAsync($"/v1/inventory/{prefix}{i:D6}", Json(body));
                if (response.IsSuccessStatusCode) continue;
                Interlocked.Increment(ref errors);
                firstError ??= $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                return;
            }
        }

        if (rate is { } perSecond)
        {
            // Open schedule: event i starts at i / rate seconds, whatever the previous ones are doing.
            var running = new List<Task>(events);
            for (var i = 0; i < events; i++)
            {
                var due = TimeSpan.FromSeconds(i / perSecond) - clock.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due);
                running.Add(Raise(i));
            }
            await Task.WhenAll(running);
        }
        else
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, events), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
                async (i, _) => await Raise(i));
        }
        return new Driven(clock.Elapsed.TotalSeconds, errors, firstError);
    }

    // Each webhook's first arrivals must follow its deliveries' event sequence; the log names the sequence of each id.
    private static async Task<(long Missing, long OutOfOrder)> CheckOrderAsync(HttpClient http, Receiver receiver, List<string> ids)
    {
        long missing = 0, outOfOrder = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            var sequences = new Dictionary<string, long>();
            string? cursor = null;
            do
            {
                using var page = JsonDocument.Parse(await http.GetStringAsync(
                    $"/v1/webhooks/{ids[i]}/deliveries?limit=100{(cursor is null ? "" : $"&after={cursor}")}"));
                foreach (var d in page.RootElement.GetProperty("data").EnumerateArray())
                    sequences[d.GetProperty("id").GetString()!] = d.GetProperty("event_sequence").GetInt64();
                cursor = page.RootElement.GetProperty("meta").GetProperty("next_cursor").GetString();
            } while (cursor is not null);

            var seen = new HashSet<string>();
            var highest = long.MinValue;
            foreach (var arrival in receiver.Arrivals.Where(a => a.Webhook == i && seen.Add(a.DeliveryId)))
            {
                var sequence = sequences.GetValueOrDefault(arrival.DeliveryId, long.MaxValue);
                if (sequence < highest) outOfOrder++;
                highest = Math.Max(highest, sequence);
            }
            missing += sequences.Keys.Count(id => !seen.Contains(id));
        }
        return (missing, outOfOrder);
    }

    // The last event's sequence once the store is quiet: the high-water mark when every shard has caught up with it and
    // it has not moved for a while (the daemon raises it on its next poll, so a caught-up mark may still be behind).
    private static async Task<long> HighWaterMarkAsync(HttpClient http)
    {
        async Task<long> ReadAsync()
        {
            await ProjectionsCaughtUpAsync(http);
            using var status = JsonDocument.Parse(await http.GetStringAsync("/v1/admin/projections"));
            return status.RootElement.GetProperty("high_water_mark").GetInt64();
        }

        for (var mark = await ReadAsync(); ; )
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            var again = await ReadAsync();
            if (again == mark) return mark;
            mark = again;
        }
    }

    private static async Task ProjectionsCaughtUpAsync(HttpClient http)
    {
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(60); await Task.Delay(100))
        {
            using var health = JsonDocument.Parse(await http.GetStringAsync("/health/ready"));
            if (health.RootElement.GetProperty("checks").GetProperty("projections").GetProperty("data").GetProperty("max_lag").GetInt64() == 0) return;
        }
    }

    // User + system time of a local process (the API under test), from /proc; null when not given or not readable.
    private static double? CpuSeconds(string? pid)
    {
        if (pid is null || !File.Exists($"/proc/{pid}/stat")) return null;
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;   // utime, stime in clock ticks of 10 ms
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static int Fail(string why)
    {
        Console.Error.WriteLine($"webhooks: {why}");
        return 1;
    }

    private sealed record Arrival(int Webhook, string DeliveryId, DateTimeOffset At, DateTimeOffset CreatedAt);

    /// <summary>
    /// Answers every POST 200 (at once, or after <c>--answer-ms</c>, as a remote receiver would) and notes what arrived,
    /// when, and over how many connections. Keeps connections alive, as a real receiver would, unless told to close
    /// each one (<c>--close true</c>: what keep-alive saves).
    /// </summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<Arrival> _arrivals = new();
        private readonly ConcurrentDictionary<string, bool> _distinct = new();
        private readonly ConcurrentDictionary<IPEndPoint, bool> _clients = new();
        private readonly int _port;
        private readonly bool _keepAlive;
        private readonly TimeSpan _answerAfter;
        private readonly Task _serving;

        public Receiver(int port, int webhooks, bool keepAlive, TimeSpan answerAfter)
        {
            (_port, _keepAlive, _answerAfter) = (port, keepAlive, answerAfter);
            for (var i = 0; i < webhooks; i++) _listener.Prefixes.Add(UrlOf(i));
            _listener.Start();
            _serving = Task.Run(ServeAsync);
        }

        public string UrlOf(int webhook) => $"http://127.0.0.1:{_port}/hooks/{webhook}/";

        public int Distinct => _distinct.Count;

        /// <summary>Client connections seen (one per client address and port).</summary>
        public int Connections => _clients.Count;

        public List<Arrival> Arrivals => _arrivals.OrderBy(a => a.At).ToList();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                _ = Task.Run(async () =>
                {
                    var at = DateTimeOffset.UtcNow;
                    using var body = await JsonDocument.ParseAsync(context.Request.InputStream);
                    var webhook = int.Parse(context.Request.Url!.Segments[2].TrimEnd('/'), CultureInfo.InvariantCulture);
                    var id = context.Request.Headers["webhook-id"] ?? "";
                    _arrivals.Enqueue(new Arrival(webhook, id, at, body.RootElement.GetProperty("created_at").GetDateTimeOffset()));
                    _distinct.TryAdd(id, true);
                    _clients.TryAdd(context.Request.RemoteEndPoint, true);
                    if (_answerAfter > TimeSpan.Zero) await Task.Delay(_answerAfter);
                    context.Response.KeepAlive = _keepAlive;
                    context.Response.StatusCode = 200;
                    context.Response.ContentLength64 = 0;
                    context.Response.Close();
                });
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _serving;
        }
    }
}
