using System.Globalization;
using Commerce.Api.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Npgsql;

namespace Commerce.Api.Hosting;

/// <summary>
/// Every wait a request can make has a configured bound, so a slow or absent database turns into a 503 with
/// <c>Retry-After</c> instead of a pile of hanging requests. Keep <c>PoolWait</c> and <c>CommandTimeout</c> below
/// <c>Request</c>: the database bounds fire first and the request bound catches whatever is left (lock queues, retries).
/// </summary>
public sealed class TimeBoundsOptions
{
    /// <summary><c>Commerce:Timeouts:Request</c>: the whole request, from routing to the last byte of the answer.</summary>
    public TimeSpan Request { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>Commerce:Timeouts:Ready</c>: how long <c>/health/ready</c> waits for the database.</summary>
    public TimeSpan Ready { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary><c>Commerce:Timeouts:RetryAfter</c>: what 503 answers tell clients to wait.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>Commerce:Database:CommandTimeout</c>: one SQL command (Npgsql <c>Command Timeout</c>, whole seconds).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>Commerce:Database:PoolWait</c>: opening a connection, waiting for a free pooled one included (Npgsql <c>Timeout</c>).</summary>
    public TimeSpan PoolWait { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary><c>Commerce:Database:MaxPoolSize</c>: connections per node (Npgsql <c>Maximum Pool Size</c>).</summary>
    public int MaxPoolSize { get; set; } = 50;

    public int CommandTimeoutSeconds => WholeSeconds(CommandTimeout);

    public string RetryAfterHeader => WholeSeconds(RetryAfter).ToString(CultureInfo.InvariantCulture);

    /// <summary>The connection string with this node's database bounds (configuration decides, not the string).</summary>
    public string Bound(string connectionString)
    {
        var bound = new NpgsqlConnectionStringBuilder(connectionString)
        {
            CommandTimeout = CommandTimeoutSeconds,
            Timeout = WholeSeconds(PoolWait),
            MaxPoolSize = MaxPoolSize,
            // A cancelled command whose cancel request goes unanswered (database gone) breaks its connection after 1 s.
            CancellationTimeout = 1000,
            // Dead peers (a stopped server, a cut network) are noticed on idle pooled connections too.
            KeepAlive = 10
        };
        // PostgreSQL notices a client that died mid-statement only when the statement ends and it writes the answer; with
        // this it checks the socket every second, even mid-query (PG 14+), and lets go of that session's locks.
        bound.Options = $"{bound.Options} -c client_connection_check_interval={ClientCheckIntervalMs}".Trim();
        return bound.ConnectionString;
    }

    private const int ClientCheckIntervalMs = 1000;

    private static int WholeSeconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));
}

internal static class TimeBounds
{
    public static TimeBoundsOptions AddTimeBounds(this WebApplicationBuilder builder)
    {
        var bounds = new TimeBoundsOptions();
        builder.Configuration.GetSection("Commerce:Timeouts").Bind(bounds);
        builder.Configuration.GetSection("Commerce:Database").Bind(bounds);
        builder.Services.AddSingleton(bounds);

        builder.Services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = bounds.Request,
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
            WriteTimeoutResponse = http =>
            {
                http.Response.Headers.RetryAfter = bounds.RetryAfterHeader;
                return Problems.WriteAsync(http, 503, "unavailable",
                    $"The request did not finish within {bounds.Request.TotalSeconds:0.#} s (database slow or unreachable); retry shortly.");
            }
        });
        return bounds;
    }
}
