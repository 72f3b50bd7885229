using Commerce.Api.Access;
using Commerce.Api.Http;
using JasperFx;
using Wolverine;

namespace Commerce.Api.WritePath;

/// <summary>
/// Sends a command from an HTTP request to its Wolverine handler for the caller's tenant, with the request's
/// metadata on the envelope (<see cref="EventMetadata"/> copies it onto the appended events).
/// </summary>
/// <remarks>
/// Commands on one stream are serialized inside the node (striped async locks), so concurrent writers on a hot
/// stream queue here instead of racing to a version conflict in PostgreSQL; conflicts with other nodes are still
/// caught by Marten's optimistic concurrency and retried by Wolverine's policy.
/// </remarks>
public sealed class CommandDispatcher(IMessageBus bus)
{
    private static readonly SemaphoreSlim[] Stripes = Enumerable.Range(0, 4096).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<WriteOutcome<TState>> SendAsync<TState>(HttpContext http, string streamId, object command, CancellationToken ct)
    {
        var tenant = http.User.TenantId();
        var options = new DeliveryOptions
        {
            TenantId = tenant,
            CorrelationId = Problems.TraceId(http),
            Headers =
            {
                [EventMetadata.ActorHeader] = http.User.KeyId() ?? "anonymous",
                [EventMetadata.RequestPathHeader] = $"{http.Request.Method} {http.Request.Path}"
            }
        };
        if (http.Request.Headers.TryGetValue("X-Causation-Id", out var causation) && causation.ToString() is { Length: > 0 and <= 200 } id)
            options.CausationId = id;

        var stripe = Stripes[(uint)HashCode.Combine(tenant, streamId) % Stripes.Length];
        await stripe.WaitAsync(ct);
        try
        {
            return await bus.InvokeAsync<WriteOutcome<TState>>(command, options, ct);
        }
        catch (ConcurrencyException)
        {
            return new WriteOutcome<TState>.Rejected(new(Domain.Common.ErrorKind.Conflict, "conflict",
                "The record changed concurrently too many times while we retried; send the request again."));
        }
        finally
        {
            stripe.Release();
        }
    }

    /// <summary>The problem for every outcome that is not a write.</summary>
    public static IResult ProblemFor<TState>(HttpContext http, WriteOutcome<TState> outcome) => outcome switch
    {
        WriteOutcome<TState>.Stale(var current) => Problems.For(http, 412, "precondition_failed",
            $"If-Match names another version; the record is at version {current} (ETag {ETags.Of(current)}). Read it again and retry."),
        WriteOutcome<TState>.Rejected(var error) => Problems.For(http, error),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A write has no problem.")
    };
}
