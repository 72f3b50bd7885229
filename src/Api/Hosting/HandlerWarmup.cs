using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wolverine.Runtime;

namespace Commerce.Api.Hosting;

/// <summary>
/// Compiles every Wolverine handler once the host has started, and keeps <c>/health/ready</c> unready until it is
/// done: otherwise the first concurrent commands of a fresh node all wait several seconds for runtime code
/// generation and can run into the request bound (503) while the load balancer already sends traffic.
/// </summary>
internal sealed class HandlerWarmup(IWolverineRuntime runtime, ILogger<HandlerWarmup> logger) : BackgroundService, IHealthCheck
{
    private volatile bool warm;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        foreach (var chain in ((WolverineRuntime)runtime).Handlers.Chains)
        {
            if (stoppingToken.IsCancellationRequested) return;
            ((WolverineRuntime)runtime).Handlers.HandlerFor(chain.MessageType);
        }
        warm = true;
        logger.LogInformation("Compiled {Count} message handlers", ((WolverineRuntime)runtime).Handlers.Chains.Count());
    }, stoppingToken);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(warm ? HealthCheckResult.Healthy("Message handlers compiled.") : HealthCheckResult.Unhealthy("Compiling message handlers."));
}
