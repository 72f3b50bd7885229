using Microsoft.Extensions.Options;

namespace Commerce.Api.Hosting;

/// <summary>
/// SIGTERM (or Ctrl+C): Kestrel stops accepting connections and lets in-flight requests finish, then the async daemon
/// stops its projections and drops its leadership lock, then Wolverine stops; all within <c>Commerce:Shutdown:Timeout</c>
/// (<see cref="HostOptions.ShutdownTimeout"/>). The process then exits 0. <c>/health/ready</c> turns unready as soon
/// as stopping begins.
/// </summary>
internal static class GracefulShutdown
{
    public static WebApplicationBuilder AddGracefulShutdown(this WebApplicationBuilder builder)
    {
        var timeout = builder.Configuration.GetValue("Commerce:Shutdown:Timeout", TimeSpan.FromSeconds(30));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = timeout);
        builder.Services.AddHostedService<NodeLifecycleLog>();
        return builder;
    }

    private sealed class NodeLifecycleLog(NodeIdentity node, IHostApplicationLifetime lifetime, ILogger<NodeLifecycleLog> log,
        IOptions<HostOptions> host) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            lifetime.ApplicationStarted.Register(() => log.LogInformation("Node {Node} started (pid {Pid})", node.Name, Environment.ProcessId));
            lifetime.ApplicationStopping.Register(() => log.LogInformation(
                "Node {Node} stopping: no new connections, draining in-flight requests, then handing projections over (bound {Timeout})",
                node.Name, host.Value.ShutdownTimeout));
            lifetime.ApplicationStopped.Register(() => log.LogInformation("Node {Node} stopped", node.Name));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
