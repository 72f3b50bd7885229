using Commerce.Api.Admin;
using JasperFx;
using JasperFx.Events.Daemon;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Commerce.Api.Hosting;

/// <summary>
/// Restarts a shard that this node leads but no longer runs. After a database restart two nodes can both believe they
/// lead for a moment; Marten's progression check keeps the loser from applying a batch twice
/// (<c>ProgressionProgressOutOfOrderException</c>) but leaves that shard stopped, while the node keeps its lock, so
/// no node ran it again (fault suite, "PostgreSQL stopped and started"). A shard seen stopped or paused on two checks
/// in a row is started again; one paused by a rebuild job is left alone.
/// </summary>
internal sealed class ProjectionWatchdog(IServiceProvider services, ProjectionRebuilds rebuilds, ILogger<ProjectionWatchdog> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var coordinator = services.GetService<IProjectionCoordinator>();
        if (coordinator is null) return;   // a node without a daemon
        var leadership = services.GetService<ProjectionLeadership>();
        var seenIdle = new HashSet<string>();
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (leadership is { Leads: false })
            {
                seenIdle.Clear();   // a stopped daemon's shards are another node's to run
                continue;
            }
            try
            {
                var daemon = coordinator.DaemonForMainDatabase();
                var idle = daemon.CurrentAgents()
                    .Where(a => a.Status is AgentStatus.Stopped or AgentStatus.Paused && !rebuilds.IsRebuilding(a.Name.Name))
                    .Select(a => a.Name.Identity).ToHashSet();
                foreach (var shard in idle.Where(seenIdle.Contains))
                {
                    logger.LogWarning("Projection shard {Shard} is led by this node but not running; starting it again", shard);
                    await daemon.StartAgentAsync(shard, stoppingToken);
                }
                seenIdle = idle;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Projection watchdog could not check the shards; trying again in {Interval}", Interval);
            }
        }
    }
}
