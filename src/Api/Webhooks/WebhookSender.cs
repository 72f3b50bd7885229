using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Commerce.Domain.Webhooks;
using Microsoft.Extensions.Options;

namespace Commerce.Api.Webhooks;

/// <summary>One signed POST to a receiver, bounded by the configured timeout; the answer's body is never read.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options)
{
    public async Task<DeliveryAttempt> SendAsync(string url, WebhookDelivery delivery, IReadOnlyList<string> secrets, DateTimeOffset now, CancellationToken ct)
    {
        if (TargetGuard.ShapeProblem(url, options.Value.AllowInsecureTargets) is { } problem) return new DeliveryAttempt(null, 0, problem, null);

        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        foreach (var (name, value) in WebhookSignatures.Headers(delivery.Id, now, body, secrets)) request.Headers.TryAddWithoutValidation(name, value);
        request.Headers.UserAgent.ParseAdd("Commerce.Cqrs-Webhooks/1");

        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.RequestTimeout);
        try
        {
            using var response = await clients.CreateClient(WebhooksHosting.HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return new DeliveryAttempt(status, Elapsed(started), response.IsSuccessStatusCode ? null : $"HTTP {status}", RetryAfterOf(response, now));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new DeliveryAttempt(null, Elapsed(started), $"No answer within {options.Value.RequestTimeout.TotalSeconds:0.#} s.", null);
        }
        catch (HttpRequestException e)
        {
            return new DeliveryAttempt(null, Elapsed(started), e.InnerException is TargetRefusedException refused ? refused.Message : e.Message, null);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            // A connection the receiver drops as it opens can surface bare (the pool asks the socket for its peer).
            return new DeliveryAttempt(null, Elapsed(started), e.Message, null);
        }
    }

    private static int Elapsed(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    // Reported as the receiver sent it; DeliveryDecisions honours it where Standard Webhooks says to.
    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now) =>
        response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date ? date - now : null);
}
