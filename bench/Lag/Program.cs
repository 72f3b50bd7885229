// Benchmark HTTP client for the things wrk cannot do: it sees the API only through HTTP (no reference to src).
//
//   seed --url U [--skus 10000] [--prefix BENCH-] [--hot BENCH-HOT] [--quantity 1000] [--concurrency 32]
//        sets the stock of every benchmark SKU (and the hot one), then waits until the inventory list shows them all
//        (the read model is an async projection).
//   products --url U --ids FILE [--count 100000] [--prefix PROD-] [--concurrency 256]
//        creates the catalog of the product scenarios through POST /v1/products, writes their ids to FILE (one a
//        line, for bench/wrk/bench.lua's `ids`), then waits until the product list shows them all (Products.cs).
//   lag  --url U [--rate 20] [--seconds 20] [--skus 10000] [--prefix BENCH-] [--poll-ms 5] [--give-up-ms 10000]
//        projection lag probes on an open schedule: at `rate` per second, PATCH {"adjust":1} a random SKU; once the
//        2xx answer is in, poll GET /v1/inventory/{sku} every `poll-ms` until its "version" reaches the version the
//        PATCH returned. Lag = arrival of that GET's answer - arrival of the PATCH's answer (an upper bound: it
//        includes up to one poll interval and one GET round trip).
//   webhooks --url U [--mode backlog|live] [--webhooks 1] [--events 2000] [--rate 50] [--seconds 20]
//        [--receiver-port 5100] [--max-in-flight N] [--api-pid P] [--close true] [--answer-ms 0] [--keep true]: deliveries/s, commit-to-arrival latency and the
//        API's CPU per delivery (Webhooks.cs).
//
// The API key comes from the environment (BENCH_KEY). Each command prints one JSON line on stdout.

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

var command = args.FirstOrDefault();
var options = Options.Parse(args.Skip(1).ToArray());
var key = Environment.GetEnvironmentVariable("BENCH_KEY");
if (string.IsNullOrEmpty(key)) { Console.Error.WriteLine("lag: BENCH_KEY is not set"); return 2; }

using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = 256,
    PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    UseProxy = false
})
{
    BaseAddress = new Uri(options.Get("url") ?? "http://127.0.0.1:5099"),
    Timeout = TimeSpan.FromSeconds(30)
};
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

return command switch
{
    "seed" => await Seed(http, options),
    "lag" => await Lag(http, options),
    "products" => await ProductsSeed.Run(http, options),
    "webhooks" => await WebhookBench.Run(http, options),
    _ => Usage()
};

static int Usage()
{
    Console.Error.WriteLine("usage: Commerce.Bench.Lag seed|products|lag|webhooks --url http://127.0.0.1:5099 [options] (see Program.cs)");
    return 2;
}

static async Task<int> Seed(HttpClient http, Options options)
{
    var skus = (int)options.Long("skus", 10_000);
    var prefix = options.Get("prefix") ?? "BENCH-";
    var hot = options.Get("hot") ?? "BENCH-HOT";
    var quantity = options.Long("quantity", 1000);
    var concurrency = (int)options.Long("concurrency", 32);
    var names = Enumerable.Range(0, skus).Select(i => $"{prefix}{i:D5}").Append(hot).ToList();
    var body = $"{{\"quantity\":{quantity}}}";
    long errors = 0;
    string? firstError = null;

    var clock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (sku, ct) =>
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PatchAsync($"/v1/inventory/{sku}", content, ct);
        if (!response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref errors);
            firstError ??= $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
        }
    });
    var written = clock.Elapsed.TotalSeconds;

    // The list reads the async projection: wait until every SKU is there.
    long visible = 0;
    var deadline = clock.Elapsed + TimeSpan.FromSeconds(options.Long("wait-seconds", 300));
    while (clock.Elapsed < deadline)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/v1/inventory?limit=1"));
        visible = doc.RootElement.GetProperty("meta").GetProperty("total").GetInt64();
        if (visible >= names.Count) break;
        await Task.Delay(200);
    }
    Figures.Emit(new
    {
        command = "seed", skus = names.Count, errors, first_error = firstError,
        write_seconds = Math.Round(written, 3), writes_per_s = Math.Round(names.Count / written, 1),
        visible, visible_after_s = Math.Round(clock.Elapsed.TotalSeconds, 3)
    });
    return errors == 0 && visible >= names.Count ? 0 : 1;
}

static async Task<int> Lag(HttpClient http, Options options)
{
    var rate = options.Double("rate", 20);
    var seconds = options.Double("seconds", 20);
    var skus = (int)options.Long("skus", 10_000);
    var prefix = options.Get("prefix") ?? "BENCH-";
    var poll = TimeSpan.FromMilliseconds(options.Double("poll-ms", 5));
    var giveUp = TimeSpan.FromMilliseconds(options.Double("give-up-ms", 10_000));
    var probes = (int)Math.Max(1, rate * seconds);

    var lags = new List<double>();
    var commandLatencies = new List<double>();
    long errors = 0, timeouts = 0, polls = 0;
    string? firstError = null;
    var gate = new object();
    var clock = Stopwatch.StartNew();

    async Task Probe(int i)
    {
        var sku = $"{prefix}{Random.Shared.Next(skus):D5}";
        var sent = clock.Elapsed;
        try
        {
            using var content = new StringContent("{\"adjust\":1}", Encoding.UTF8, "application/json");
            using var response = await http.PatchAsync($"/v1/inventory/{sku}", content);
            var text = await response.Content.ReadAsStringAsync();
            var answered = clock.Elapsed;
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref errors);
                firstError ??= $"PATCH {(int)response.StatusCode} {text}";
                return;
            }
            var version = VersionOf(text);
            lock (gate) commandLatencies.Add((answered - sent).TotalMilliseconds);
            while (true)
            {
                var body = await http.GetStringAsync($"/v1/inventory/{sku}");
                Interlocked.Increment(ref polls);
                var now = clock.Elapsed;
                if (VersionOf(body) >= version)
                {
                    lock (gate) lags.Add((now - answered).TotalMilliseconds);
                    return;
                }
                if (now - answered > giveUp)
                {
                    Interlocked.Increment(ref timeouts);
                    return;
                }
                await Task.Delay(poll);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref errors);
            firstError ??= e.Message;
        }
    }

    // Open schedule: probe i starts at i / rate seconds, whatever the previous ones are doing.
    var running = new List<Task>(probes);
    for (var i = 0; i < probes; i++)
    {
        var due = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
        if (due > TimeSpan.Zero) await Task.Delay(due);
        running.Add(Probe(i));
    }
    await Task.WhenAll(running);

    Figures.Emit(new
    {
        command = "lag", rate, seconds, probes, measured = lags.Count, errors, timeouts, first_error = firstError,
        poll_ms = poll.TotalMilliseconds, polls,
        lag_ms = Figures.Summary(lags), probe_command_latency_ms = Figures.Summary(commandLatencies)
    });
    return 0;
}

static long VersionOf(string json)
{
    using var doc = JsonDocument.Parse(json);
    return doc.RootElement.GetProperty("version").GetInt64();
}
