using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Commerce.Api.Tests.Webhooks;

/// <summary>A real HTTP receiver on loopback (Kestrel on 127.0.0.1, a free port) that records every request it gets.</summary>
internal sealed class Receiver : IAsyncDisposable
{
    public sealed record Call(IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
        public string Header(string name) => Headers[name.ToLowerInvariant()];
    }

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Call> _calls = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private int _answered;

    /// <summary>The status to answer the n-th call (from 1) with; 200 unless a test says otherwise. May wait.</summary>
    public Func<int, Task<int>> Answer { get; set; } = _ => Task.FromResult(200);

    public string Url { get; private set; } = "";

    public IReadOnlyList<Call> Calls => _calls.ToArray();

    private Receiver(WebApplication app) => _app = app;

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new Receiver(builder.Build());
        receiver._app.MapPost("/hooks", receiver.ReceiveAsync);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address + "/hooks";
        return receiver;
    }

    private async Task ReceiveAsync(HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        var call = new Call(http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body.ToArray());
        _calls.Enqueue(call);
        var status = await Answer(_calls.Count);
        Interlocked.Increment(ref _answered);
        _arrived.Release();
        http.Response.StatusCode = status;
    }

    /// <summary>Waits until at least <paramref name="count"/> requests in all were answered; fails after the deadline.</summary>
    public async Task<IReadOnlyList<Call>> WaitForAsync(int count, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (Volatile.Read(ref _answered) < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
                throw new TimeoutException($"Expected {count} webhook requests within {seconds} s, got {Volatile.Read(ref _answered)}.");
        }
        return Calls;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>Waits for a condition that some background work makes true, checking it until a deadline.</summary>
internal static class Signatures
{
    public static string Hex(string secret, byte[] body) =>
        Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Standard Webhooks, recomputed independently: key = base64 of the part after whsec_.</summary>
    public static string Standard(string secret, string id, string timestamp, byte[] body)
    {
        var key = secret.StartsWith("whsec_") ? Convert.FromBase64String(secret["whsec_".Length..]) : Encoding.UTF8.GetBytes(secret);
        var content = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(key, content));
    }
}
