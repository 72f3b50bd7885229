using JasperFx.Events.Daemon;
using Marten;
using Marten.Events.Daemon.Coordination;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;
using Wolverine;

namespace Commerce.Api.Hosting;

/// <summary>
/// What lets several identical nodes share one database and survive faults (docs/operations.md): node identity,
/// time bounds, graceful shutdown, projection status, and the daemon's leader election and error policy.
/// </summary>
internal static class NodeOperations
{
    public static TimeBoundsOptions AddNodeOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => NodeIdentity.From(builder.Configuration, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<ProjectionStatusReader>();
        builder.Services.AddSingleton<ProjectionWatchdog>();
        if (builder.Configuration.GetValue("Commerce:Projections:Watchdog", true))
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ProjectionWatchdog>());
        builder.AddGracefulShutdown();
        return builder.AddTimeBounds();
    }

    /// <summary>
    /// Projections: skip + dead-letter for events a projection throws on while running continuously; Marten's own (offline) rebuilds stop on them instead. The serving rebuild job
    /// (Projections/Rebuilds/SingleStreamRebuild) skips them like the live daemon and reports how many it skipped.
    /// </summary>
    public static void ConfigureNodeOperations(this StoreOptions opts, TimeBoundsOptions bounds)
    {
        opts.CommandTimeout = bounds.CommandTimeoutSeconds;
        opts.Projections.Errors.SkipApplyErrors = true;
        opts.Projections.Errors.SkipSerializationErrors = true;
        opts.Projections.Errors.SkipUnknownEvents = true;
        opts.Projections.RebuildErrors.SkipApplyErrors = false;
        opts.Projections.RebuildErrors.SkipSerializationErrors = false;
        opts.Projections.RebuildErrors.SkipUnknownEvents = false;
    }

    /// <summary>
    /// Wolverine's side of a node's death: every node heartbeats every third of <c>Commerce:Nodes:StaleAfter</c>
    /// (default 15 s); a node silent for that long is declared dead after two such checks, and the messages its durable
    /// queues held (webhook sends) are released to the live nodes. Wolverine's own default is a minute: 76 s from a
    /// kill -9 until a queued webhook backlog flowed again (fault suite). Too short a value lets a node that stalls
    /// (long GC, CPU starvation) be declared dead while alive; its sends may then go out twice, which webhooks allow
    /// (at least once, same <c>webhook-id</c>).
    /// </summary>
    public static void ConfigureNodeFailover(this WolverineOptions opts, IConfiguration configuration)
    {
        var staleAfter = configuration.GetValue("Commerce:Nodes:StaleAfter", TimeSpan.FromSeconds(15));
        opts.Durability.StaleNodeTimeout = staleAfter;
        opts.Durability.HealthCheckPollingTime = staleAfter / 3;
    }

    /// <summary>
    /// <c>Commerce:Projections:Daemon</c>: <c>HotCold</c> (default: every node may lead, one at a time, elected by
    /// <see cref="ProjectionLeadership"/>), or <c>Disabled</c> for nodes that only serve HTTP (another node must then run
    /// the projections).
    /// </summary>
    public static void AddProjectionDaemon(this IServiceCollection services, IConfiguration configuration, string connectionString, string schema)
    {
        var mode = configuration.GetValue("Commerce:Projections:Daemon", DaemonMode.HotCold);
        if (mode == DaemonMode.Disabled) return;   // Marten's own default: no daemon in this process
        if (mode != DaemonMode.HotCold)
            throw new InvalidOperationException("Commerce:Projections:Daemon must be HotCold or Disabled (several nodes share one database).");
        // Marten's coordinator, registered as its AddAsyncDaemon(Solo) does but not as a hosted service: it runs while
        // this node leads.
        services.ConfigureMarten(opts => opts.Projections.AsyncMode = DaemonMode.Solo);
        services.AddSingleton<IProjectionCoordinator, ProjectionCoordinator>();
        services.AddSingleton<JasperFx.Events.Daemon.IProjectionCoordinator>(s => s.GetRequiredService<IProjectionCoordinator>());
        services.AddSingleton(ProjectionLeadership.Connection.From(connectionString, schema));
        services.AddSingleton<ProjectionLeadership>();
        services.AddHostedService(s => s.GetRequiredService<ProjectionLeadership>());
    }
}
