using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Options;

namespace Commerce.Api.History;

public sealed class ReadYourWritesOptions
{
    public int TimeoutMs { get; set; } = 5000;
}

/// <summary>Past the bound, the read model still lags the client's write: answered 503 <c>projection_lagging</c>.</summary>
public sealed class ProjectionLaggingException(string detail) : Exception(detail);

/// <summary>
/// Lets a client that just wrote read its own write from an async projection, bounded by
/// <c>Commerce:ReadYourWrites:TimeoutMs</c>: get routes take <c>min_version</c> (the version the write answered), list
/// routes <c>consistent=true</c> (wait until the projection holds every event committed before the request).
/// </summary>
public sealed class ReadYourWrites(IOptions<ReadYourWritesOptions> options)
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(15);

    private TimeSpan Bound => TimeSpan.FromMilliseconds(options.Value.TimeoutMs);

    public async Task<TView?> LoadAsync<TView>(IQuerySession session, string id, long? minVersion, Func<TView, long> versionOf,
        CancellationToken ct) where TView : class
    {
        var view = await session.LoadAsync<TView>(id, ct);
        if (minVersion is not { } wanted) return view;

        var deadline = DateTimeOffset.UtcNow + Bound;
        while (view is null || versionOf(view) < wanted)
        {
            if (DateTimeOffset.UtcNow >= deadline)
                throw new ProjectionLaggingException($"The read model of '{id}' has not reached version {wanted} yet; retry shortly.");
            await Task.Delay(PollEvery, ct);
            view = await session.LoadAsync<TView>(id, ct);
        }
        return view;
    }

    /// <summary>Waits until <paramref name="projection"/> has processed every event committed before this call.</summary>
    public async Task CatchUpAsync(IQuerySession session, string projection, CancellationToken ct)
    {
        var store = session.DocumentStore;
        var target = (await store.Advanced.FetchEventStoreStatistics(token: ct)).EventSequenceNumber;
        var shard = ShardName.Compose(projection);
        var deadline = DateTimeOffset.UtcNow + Bound;
        while (await store.Advanced.ProjectionProgressFor(shard, token: ct) < target)
        {
            if (DateTimeOffset.UtcNow >= deadline)
                throw new ProjectionLaggingException($"The {projection} read model is still catching up; retry shortly.");
            await Task.Delay(PollEvery, ct);
        }
    }
}
