using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Commerce.Api.Access;

/// <summary>
/// Hears every key revocation committed anywhere (<see cref="KeyIssuer.RevokeAsync"/> notifies on
/// <see cref="Channel"/> in the revoking transaction) on one dedicated connection, and evicts the key from this
/// node's <see cref="ApiKeyCache"/>. A broken connection is noticed within <see cref="NoticeBrokenWithin"/> (a keepalive
/// while waiting, or at once when the server closes it) and opened again with a growing pause.
/// </summary>
internal sealed class RevocationListener(ApiKeyCache cache, RevocationListener.Connection connection, TimeProvider clock,
    ILogger<RevocationListener> logger) : BackgroundService, IHealthCheck
{
    public const string Channel = "commerce_api_key_revoked";

    // While waiting, Npgsql sends a keepalive after this many idle seconds and gives the answer as long again.
    private const int KeepaliveSeconds = 2;
    public static readonly TimeSpan NoticeBrokenWithin = TimeSpan.FromSeconds(2 * KeepaliveSeconds);

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(10);

    /// <summary>The node's connection string, made into one for a single long-lived, unpooled listening connection.</summary>
    public sealed record Connection(string ConnectionString)
    {
        public static Connection From(string nodeConnectionString) => new(new NpgsqlConnectionStringBuilder(nodeConnectionString)
        {
            Pooling = false,   // the LISTEN lives as long as this connection and is never handed to a request
            KeepAlive = KeepaliveSeconds,
            ApplicationName = "commerce key revocations"
        }.ConnectionString);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var listening = new NpgsqlConnection(connection.ConnectionString);
                listening.Notification += (_, e) => cache.Evict(e.Payload);
                await listening.OpenAsync(stopping);
                await using (var listen = new NpgsqlCommand($"listen {Channel}", listening))
                    await listen.ExecuteNonQueryAsync(stopping);
                cache.StartedListening();
                if (failures > 0) logger.LogInformation("Listening for API key revocations again");
                failures = 0;
                while (true) await listening.WaitAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                cache.StoppedListening();
                var pause = Pause(++failures);
                logger.LogWarning("Not listening for API key revocations ({Error}); keys are cached for {Ttl} s until it listens again, next try in {Pause} ms",
                    e.GetBaseException().Message, ApiKeyCache.WhileNotListening.TotalSeconds, (int)pause.TotalMilliseconds);
                try
                {
                    await Task.Delay(pause, clock, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Doubles from <see cref="FirstPause"/> up to <see cref="LongestPause"/>, with up to 20 % jitter so nodes do not reconnect in step.</summary>
    private static TimeSpan Pause(int failures)
    {
        var pause = Math.Min(FirstPause.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 10)), LongestPause.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(pause * (1 + 0.2 * Random.Shared.NextDouble()));
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(cache.IsListening
            ? HealthCheckResult.Healthy("Listening for API key revocations.")
            : HealthCheckResult.Degraded($"Not listening for API key revocations: keys are cached for {ApiKeyCache.WhileNotListening.TotalSeconds} s until it does."));
}
