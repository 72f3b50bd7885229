using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Commerce.Faults;

/// <summary>One PATCH adjust: what was sent and what came back (status -1: no HTTP answer at all).</summary>
public sealed record Sent(double At, string Node, string Sku, int Delta, string Reason, int Status, double Seconds);

/// <summary>
/// Write load: workers send <c>PATCH /v1/inventory/{sku} {"adjust": n, "reason": id}</c> round robin over the target
/// nodes; every request has a unique reason, so the event store can be reconciled per request.
/// </summary>
public sealed class WriteLoad(string key, string[] skus, int workers)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(30)   // far above the server's bound: a client timeout here is a hang
    };

    private readonly ConcurrentQueue<Sent> _sent = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile Node[] _targets = [];
    private long _next;
    private CancellationTokenSource? _stop;
    private Task[] _running = [];

    public IReadOnlyCollection<Sent> Sent => _sent;
    public double Now => _clock.Elapsed.TotalSeconds;
    public Node[] Targets { set => _targets = value; }

    /// <summary>
    /// Each worker owns one SKU and alternates +1 and -1 on it, so every acknowledged -1 empties the SKU (one
    /// StockRanOut event, webhook <c>inventory.out</c>). A failed request is repeated; a 409 (already empty) flips too.
    /// </summary>
    public bool Flip { get; init; }

    public void Start()
    {
        _stop = new CancellationTokenSource();
        _running = Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(w, _stop.Token))).ToArray();
    }

    public async Task StopAsync()
    {
        _stop!.Cancel();
        await Task.WhenAll(_running);
    }

    private async Task WorkAsync(int worker, CancellationToken stop)
    {
        var random = new Random(worker * 7919 + Environment.TickCount);
        var flip = 1;
        while (!stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _next);
            var targets = _targets;
            var node = targets[n % targets.Length];
            var sku = Flip ? skus[worker % skus.Length] : skus[random.Next(skus.Length)];
            var delta = Flip ? flip : random.Next(1, 6);
            var reason = $"r{n}";
            var started = Now;
            var status = await PatchAsync(node, sku, delta, reason);
            _sent.Enqueue(new Sent(started, node.Name, sku, delta, reason, status, Now - started));
            if (status is >= 200 and < 300 or 409) flip = -flip;
            if (status == -1) await Task.Delay(20, CancellationToken.None);   // refused connection: do not spin
        }
    }

    public Task<int> PatchAsync(Node node, string sku, int delta, string reason) =>
        PatchAsync(node, key, sku, $"{{\"adjust\":{delta},\"reason\":\"{reason}\"}}");

    public static async Task<int> PatchAsync(Node node, string key, string sku, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{node.Url}/v1/inventory/{sku}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json")
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        try
        {
            using var response = await Http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException) { return -1; }
    }

    public static async Task<int> PostAsync(Node node, string key, string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{node.Url}{path}") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await Http.SendAsync(request);
        return (int)response.StatusCode;
    }

    public static async Task<(int Status, string Body)> GetAsync(Node node, string key, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{node.Url}{path}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
