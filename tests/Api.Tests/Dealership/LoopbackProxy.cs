using System.Net;
using System.Net.Sockets;

namespace Commerce.Api.Tests.Dealership;

/// <summary>
/// A real HTTP port on loopback that forwards every request to the in-memory test host, so a program outside the test
/// process (the seed's JavaScript client under node) can call the API.
/// </summary>
internal sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly HttpClient target;
    private readonly Task serving;

    public LoopbackProxy(HttpClient target)
    {
        this.target = target;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Url + "/");
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }
            _ = Task.Run(() => ForwardAsync(context));
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), context.Request.Url!.PathAndQuery);
        if (context.Request.HasEntityBody)
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            request.Content = new ByteArrayContent(body.ToArray());
            if (context.Request.ContentType is { } type) request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        foreach (var name in context.Request.Headers.AllKeys.OfType<string>().Where(n => n is "Authorization" or "If-Match" or "Idempotency-Key"))
            request.Headers.TryAddWithoutValidation(name, context.Request.Headers[name]);
        using var response = await target.SendAsync(request);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } contentType) context.Response.ContentType = contentType.ToString();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        await serving;
        listener.Close();
    }
}
