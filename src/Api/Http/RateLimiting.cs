using System.Globalization;
using System.Threading.RateLimiting;
using Commerce.Api.Access;

namespace Commerce.Api.Http;

/// <summary>A limit of one endpoint group: <see cref="Limit"/> requests per window of <see cref="WindowSeconds"/>.</summary>
public sealed class RateLimitRule
{
    public int Limit { get; set; }
    public int WindowSeconds { get; set; } = 60;
}

/// <summary><c>Commerce:RateLimits</c>: plan name -> endpoint group (<c>read</c>, <c>write</c>) -> rule.</summary>
public sealed class RateLimitOptions
{
    public Dictionary<string, Dictionary<string, RateLimitRule>> Plans { get; set; } = [];

    /// <summary>The plan of requests without a valid key, limited per client address.</summary>
    public const string AnonymousPlan = "anonymous";
}

/// <summary>
/// Per key and endpoint group fixed windows aligned to the clock, on System.Threading.RateLimiting's partitioned
/// limiter. Every limited response carries X-RateLimit-Limit/Remaining/Reset; over the limit: 429 + Retry-After.
/// </summary>
internal static class RateLimiting
{
    private sealed record Window(string Client, string Group, long Index, int Limit, int Seconds);

    // A window's limiter replenishes one full window after it was created, i.e. only after its index has passed,
    // so it never grants twice; idle replenished limiters are then disposed by the partitioned limiter.
    private static readonly PartitionedRateLimiter<Window> Limiter = PartitionedRateLimiter.Create<Window, Window>(window =>
        RateLimitPartition.GetFixedWindowLimiter(window, w => new FixedWindowRateLimiterOptions
        {
            PermitLimit = w.Limit, Window = TimeSpan.FromSeconds(w.Seconds), QueueLimit = 0, AutoReplenishment = true
        }));

    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/health") || Rule(http) is not { } rule)
        {
            await next(http);
            return;
        }

        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var index = now / rule.WindowSeconds;
        var window = new Window(Client(http), Group(http), index, rule.Limit, rule.WindowSeconds);
        var resetAt = (index + 1) * rule.WindowSeconds;

        using var lease = Limiter.AttemptAcquire(window);
        var headers = http.Response.Headers;
        headers["X-RateLimit-Limit"] = rule.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = (Limiter.GetStatistics(window)?.CurrentAvailablePermits ?? 0).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = resetAt.ToString(CultureInfo.InvariantCulture);

        if (!lease.IsAcquired)
        {
            headers.RetryAfter = Math.Max(1, resetAt - now).ToString(CultureInfo.InvariantCulture);
            await Problems.WriteAsync(http, 429, "rate_limited",
                $"Over {rule.Limit} {Group(http)} requests per {rule.WindowSeconds} s for this key; retry after {headers.RetryAfter} s.");
            return;
        }
        await next(http);
    });

    private static RateLimitRule? Rule(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<RateLimitOptions>>().CurrentValue;
        var plan = http.User.Plan() ?? RateLimitOptions.AnonymousPlan;
        return options.Plans.GetValueOrDefault(plan)?.GetValueOrDefault(Group(http)) is { Limit: > 0, WindowSeconds: > 0 } rule ? rule : null;
    }

    private static string Client(HttpContext http) => http.User.KeyId() ?? "ip:" + http.Connection.RemoteIpAddress;

    private static string Group(HttpContext http) =>
        HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) ? "read" : "write";
}
