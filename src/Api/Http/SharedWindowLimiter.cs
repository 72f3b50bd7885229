using System.Threading.RateLimiting;

namespace Commerce.Api.Http;

/// <summary>
/// A key's window as one budget across nodes. The node leases slices of the window from its row in
/// <see cref="RateLimitBudgets"/> and admits requests from its slice without a database round trip; one lease at a
/// time per window, the requests that find the slice empty wait for it. A slice aims at <see cref="SliceTarget"/> of
/// the key's traffic on this node (at most twice the previous slice) or the requests waiting for it, whichever is
/// more, and is never more than 1/<see cref="MaxShareOfRemaining"/> of what the window had left, at least one unit:
/// small plans lease one unit per request and are exact. Units handed out never exceed the limit, so a key is never admitted more often than
/// its plan allows; the tolerance is the other way: a node answers 429 once the window is handed out, while other
/// nodes may still hold unused units of their last slice. Those units come back when their node's limiter has been
/// idle for 10 s (the partitioned limiter then disposes it) or the node stops; a node that ran out asks again at most
/// every <see cref="RecheckExhausted"/>.
/// </summary>
internal sealed class SharedWindowLimiter(RateLimitWindow window, RateLimitBudgets budgets, TimeProvider clock) : RateLimiter
{
    private static readonly TimeSpan SliceTarget = TimeSpan.FromSeconds(1);
    public const int MaxShareOfRemaining = 8;
    private static readonly TimeSpan RecheckExhausted = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private int _available;            // units of this node's slices not used yet
    private int _grantedEverywhere;    // the window's units handed out to all nodes, as of this node's last lease
    private int _lastGot;
    private long? _lastLeaseAt, _exhaustedAt;
    private long _lastAcquireAt = clock.GetTimestamp();
    private Task? _leasing;
    private int _waiting;              // permits asked for by requests waiting for a lease
    private long _admitted, _refused;

    public override TimeSpan? IdleDuration
    {
        get { lock (_gate) return _leasing is null ? clock.GetElapsedTime(_lastAcquireAt) : null; }
    }

    public override RateLimiterStatistics GetStatistics()
    {
        lock (_gate)
            return new RateLimiterStatistics
            {
                // What this node can tell: the window's units not handed out yet, plus its own unused ones.
                CurrentAvailablePermits = Math.Max(0, window.Limit - _grantedEverywhere) + _available,
                TotalSuccessfulLeases = _admitted,
                TotalFailedLeases = _refused
            };
    }

    /// <summary>From this node's slice only; <see cref="RateLimiter.AcquireAsync"/> leases when it is empty.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            if (TakeFromSlice(permitCount) is { } lease) return lease;
            _refused++;
            return Lease.Refused;
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken ct)
    {
        var waiting = false;
        try
        {
            while (true)
            {
                Task leasing;
                TaskCompletionSource? mine = null;
                lock (_gate)
                {
                    _lastAcquireAt = clock.GetTimestamp();
                    if (TakeFromSlice(permitCount) is { } lease) return lease;
                    if (_exhaustedAt is { } at && clock.GetElapsedTime(at) < RecheckExhausted)
                    {
                        _refused++;
                        return Lease.Refused;
                    }
                    if (!waiting) _waiting += permitCount;
                    waiting = true;
                    if (_leasing is null)
                    {
                        mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        _leasing = mine.Task;
                    }
                    leasing = _leasing;
                }
                if (mine is not null) await LeaseSliceAsync(mine);
                await leasing.WaitAsync(ct);
            }
        }
        finally
        {
            if (waiting)
                lock (_gate) _waiting -= permitCount;
        }
    }

    private RateLimitLease? TakeFromSlice(int permitCount)
    {
        if (_available < permitCount || (permitCount == 0 && _available == 0)) return null;
        _available -= permitCount;
        _admitted++;
        return Lease.Admitted;
    }

    /// <summary>Leases the next slice for every request waiting; runs on the request that found the slice empty, uncancelled.</summary>
    private async Task LeaseSliceAsync(TaskCompletionSource done)
    {
        int want;
        lock (_gate) want = NextSlice();
        try
        {
            var (got, grantedEverywhere) = await budgets.LeaseAsync(window, want);
            lock (_gate)
            {
                _available += got;
                _grantedEverywhere = grantedEverywhere;
                _lastGot = got;
                _lastLeaseAt = clock.GetTimestamp();
                _exhaustedAt = got == 0 ? _lastLeaseAt : null;
                _leasing = null;
            }
            done.SetResult();
        }
        catch (Exception e)
        {
            lock (_gate) _leasing = null;
            done.SetException(e);
        }
    }

    /// <summary>
    /// The previous slice scaled to last <see cref="SliceTarget"/> at the rate it was used, and at least what the
    /// requests waiting now ask for (a burst leases once, not once per doubling); then capped.
    /// </summary>
    private int NextSlice()
    {
        var byRate = _lastLeaseAt is { } at && _lastGot > 0
            ? Math.Min(2.0 * _lastGot, _lastGot * SliceTarget / clock.GetElapsedTime(at))
            : 1;
        var share = (window.Limit - _grantedEverywhere) / MaxShareOfRemaining;
        return Math.Max(1, (int)Math.Min(Math.Max(byRate, _waiting), share));
    }

    protected override void Dispose(bool disposing) => GiveBackUnused();

    protected override ValueTask DisposeAsyncCore()
    {
        GiveBackUnused();
        return ValueTask.CompletedTask;
    }

    private void GiveBackUnused()
    {
        int unused;
        lock (_gate)
        {
            (unused, _available) = (_available, 0);
        }
        if (unused > 0 && clock.GetUtcNow() < window.End) budgets.Return(window, unused);
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Admitted = new(true);
        public static readonly Lease Refused = new(false);

        public override bool IsAcquired => acquired;
        public override IEnumerable<string> MetadataNames => [];
        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
