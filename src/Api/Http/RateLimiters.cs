using System.Threading.RateLimiting;
using Commerce.Api.Hosting;

namespace Commerce.Api.Http;

/// <summary>
/// This node's limiters, one per client, endpoint group and window, made and disposed (after 10 s idle) by
/// System.Threading.RateLimiting's partitioned limiter. A key's window is a <see cref="SharedWindowLimiter"/>: one
/// budget across nodes. Requests without a key are counted per node and address (a fixed-window limiter): sharing
/// those would cost a database write per unknown address. In the background it gives back the units that idle
/// limiters did not use, deletes ended windows' rows, and on stop gives back every unused unit of this node.
/// </summary>
internal sealed class RateLimiters(RateLimitBudgets budgets, TimeProvider clock, ILogger<RateLimiters> logger) : BackgroundService
{
    private static readonly TimeSpan ReturnEvery = TimeSpan.FromSeconds(1);
    private const int DeleteEndedEveryTicks = 60;

    // A window's fixed-window limiter replenishes one full window after it was created, i.e. only after its index
    // has passed, so it never grants twice.
    private readonly PartitionedRateLimiter<RateLimitWindow> _limiter = PartitionedRateLimiter.Create<RateLimitWindow, RateLimitWindow>(window =>
        window.Shared
            ? RateLimitPartition.Get(window, w => new SharedWindowLimiter(w, budgets, clock))
            : RateLimitPartition.GetFixedWindowLimiter(window, w => new FixedWindowRateLimiterOptions
            {
                PermitLimit = w.Limit, Window = TimeSpan.FromSeconds(w.Seconds), QueueLimit = 0, AutoReplenishment = true
            }));

    /// <summary>One request's permit, and how many the client has left in the window as far as this node knows.</summary>
    public async ValueTask<(bool Admitted, long Remaining)> AcquireAsync(RateLimitWindow window, CancellationToken ct)
    {
        using var lease = await _limiter.AcquireAsync(window, 1, ct);
        return (lease.IsAcquired, _limiter.GetStatistics(window)?.CurrentAvailablePermits ?? 0);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var tick = new PeriodicTimer(ReturnEvery, clock);
        for (var ticks = 1; await tick.WaitForNextTickAsync(stopping); ticks++)
        {
            try
            {
                await budgets.ReturnQueuedAsync(stopping);
                if (ticks % DeleteEndedEveryTicks == 0) await budgets.DeleteEndedAsync(stopping);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // Housekeeping only ever makes budgets smaller when it fails (units not given back): never stop the node for it.
                if (DatabaseFaults.IsUnavailable(e)) logger.LogDebug("Rate-limit housekeeping skipped: {Error}", e.GetBaseException().Message);
                else logger.LogWarning(e, "Rate-limit housekeeping failed");
            }
        }
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        await base.StopAsync(ct);
        // The server has stopped taking requests by now (it stops first): every limiter queues its unused units.
        await _limiter.DisposeAsync();
        try
        {
            await budgets.ReturnQueuedAsync(ct);
        }
        catch (Exception e) when (DatabaseFaults.IsUnavailable(e) || e is OperationCanceledException)
        {
            logger.LogWarning("Unused rate-limit units were not given back on stop: {Error}", e.GetBaseException().Message);
        }
    }
}
