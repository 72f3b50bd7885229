using System.Collections.Concurrent;
using System.Net;

namespace Commerce.Faults;

/// <summary>
/// A webhook endpoint on loopback that answers 200 after a short pause (so deliveries queue up behind it) and counts
/// every delivery by its <c>webhook-id</c>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, int> _received = new();
    private readonly TimeSpan _pause;
    private readonly Task _serving;

    public WebhookReceiver(int port, TimeSpan pause)
    {
        Url = $"http://127.0.0.1:{port}/hooks/";
        _pause = pause;
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Distinct deliveries received (a delivery retried after a crash counts once here).</summary>
    public int Distinct => _received.Count;

    /// <summary>Deliveries received more than once (allowed: webhooks are at least once; receivers dedupe by webhook-id).</summary>
    public int Repeated => _received.Values.Count(n => n > 1);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            _ = Task.Run(async () =>
            {
                if (context.Request.Headers["webhook-id"] is { Length: > 0 } id) _received.AddOrUpdate(id, 1, (_, n) => n + 1);
                await Task.Delay(_pause);
                context.Response.StatusCode = (int)HttpStatusCode.OK;
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
