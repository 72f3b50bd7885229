using System.Globalization;
using Commerce.Api.Access;
using Marten;

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
/// Per key and endpoint group fixed windows aligned to the clock, one budget across nodes (<see cref="RateLimiters"/>).
/// Every limited response carries X-RateLimit-Limit/Remaining/Reset; over the limit: 429 + Retry-After.
/// </summary>
internal static class RateLimiting
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection("Commerce:RateLimits"));
        services.ConfigureMarten(opts => opts.Storage.ExtendedSchemaObjects.Add(RateLimitBudgets.Definition(opts.DatabaseSchemaName)));
        services.AddSingleton<RateLimitBudgets>();
        services.AddSingleton<RateLimiters>();
        services.AddHostedService(sp => sp.GetRequiredService<RateLimiters>());
        return services;
    }

    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/health") || Rule(http) is not { } rule)
        {
            await next(http);
            return;
        }

        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var window = RateLimitWindow.At(now, Client(http), Group(http), rule, shared: http.User.KeyId() is not null);
        var resetAt = window.End.ToUnixTimeSeconds();

        var (admitted, remaining) = await http.RequestServices.GetRequiredService<RateLimiters>().AcquireAsync(window, http.RequestAborted);
        var headers = http.Response.Headers;
        headers["X-RateLimit-Limit"] = rule.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = resetAt.ToString(CultureInfo.InvariantCulture);

        if (!admitted)
        {
            headers.RetryAfter = Math.Max(1, resetAt - now.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
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
