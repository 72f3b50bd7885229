using System.Text.Json;
using Commerce.Api.Access;
using Marten;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Commerce.Api.Hosting;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: this node should get traffic; 200 when the database
/// answers within <c>Commerce:Timeouts:Ready</c> and the node is not stopping, else 503. Its JSON names the node and
/// shows the async projections (role, lag, dead letters) and whether it hears key revocations, which never make a node
/// unready on their own.
/// </summary>
internal static class HealthChecks
{
    private const string Ready = "ready";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower
    };

    public static IServiceCollection AddCommerceHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<HandlerWarmup>();
        services.AddHostedService(sp => sp.GetRequiredService<HandlerWarmup>());
        services.AddHealthChecks()
            .AddCheck<NodeRunning>("node", tags: [Ready])
            .AddCheck<HandlerWarmup>("handlers", tags: [Ready])
            .AddCheck<DatabaseReachable>("database", tags: [Ready])
            .AddCheck<RevocationListener>("key_revocations", tags: [Ready])
            .AddCheck<ProjectionHealth>("projections", tags: [Ready]);
        return services;
    }

    public static void MapCommerceHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync });
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        var node = http.RequestServices.GetRequiredService<NodeIdentity>();
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsJsonAsync(new
        {
            Status = report.Status.ToString().ToLowerInvariant(),
            Node = node.Name,
            StartedAt = node.StartedAt,
            Checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                Status = e.Value.Status.ToString().ToLowerInvariant(),
                e.Value.Description,
                Error = e.Value.Exception?.Message,
                Data = e.Value.Data.Count == 0 ? null : e.Value.Data
            })
        }, Json, "application/json", CancellationToken.None);
    }

    private sealed class NodeRunning(IHostApplicationLifetime lifetime, NodeIdentity node) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
            Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
                ? HealthCheckResult.Unhealthy($"{node.Name} is shutting down.")
                : HealthCheckResult.Healthy(node.Name));
    }

    private sealed class DatabaseReachable(IDocumentStore store, TimeBoundsOptions bounds) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(bounds.Ready);
                await using var session = store.QuerySession();
                await session.QueryAsync<int>("select 1", timeout.Token);
                return HealthCheckResult.Healthy("PostgreSQL answers.");
            }
            catch (Exception e) when (DatabaseFaults.IsUnavailable(e) || e is OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", e);
            }
        }
    }
}
