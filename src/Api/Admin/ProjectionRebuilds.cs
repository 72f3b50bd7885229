using System.Collections.Concurrent;
using Commerce.Api.Hosting;
using Commerce.Projections.Rebuilds;
using Marten;

namespace Commerce.Api.Admin;

/// <summary>
/// This node's serving rebuild jobs (<see cref="ServingRebuild"/>): starts one when this node holds the projection's
/// shard, and keeps every job for progress requests.
/// </summary>
public sealed class ProjectionRebuilds(IDocumentStore store, IServiceProvider services, IConfiguration configuration, ILogger<ProjectionRebuilds> logger)
{
    // How long the swap waits for readers still using the live table (docs/operations.md, "Rebuilding a projection").
    private TimeSpan SwapWait => configuration.GetValue("Commerce:Projections:RebuildSwapWait", TimeSpan.FromSeconds(10));

    private readonly IReadOnlyDictionary<string, IRebuildable> rebuildable = Rebuildables.Of((StoreOptions)store.Options);   // the store exposes its options read-only; the projections list is on the concrete type

    private readonly ConcurrentDictionary<string, RebuildJob> jobs = new();

    public IEnumerable<string> Names => rebuildable.Keys;

    internal RebuildJob? Find(string id) => jobs.GetValueOrDefault(id);

    public bool IsRebuilding(string projection) => jobs.Values.Any(j => j.Projection == projection && j.State == RebuildState.Running);

    public enum StartResult { Started, UnknownProjection, AlreadyRunning, NotOnThisNode }

    internal StartResult TryStart(string projection, out RebuildJob? job)
    {
        job = null;
        if (!rebuildable.TryGetValue(projection, out var chosen)) return StartResult.UnknownProjection;
        // A node without a daemon (or whose daemon is not the leader) cannot pause the live shard.
        var daemon = services.GetService<Marten.Events.Daemon.Coordination.IProjectionCoordinator>()?.DaemonForMainDatabase();
        if (daemon is null || !daemon.CurrentAgents().Any(a => a.Name.Name == projection)) return StartResult.NotOnThisNode;
        lock (jobs)
        {
            if (IsRebuilding(projection)) return StartResult.AlreadyRunning;
            job = new RebuildJob("rbj_" + Guid.NewGuid().ToString("N")[..12], projection, DateTimeOffset.UtcNow);
            jobs[job.Id] = job;
        }
        var started = job;
        var rebuild = new ServingRebuild(store, CommerceContext.AllEventTypes, SwapWait, logger);
        _ = Task.Run(() => rebuild.RunAsync(started, chosen, daemon));
        return StartResult.Started;
    }
}
