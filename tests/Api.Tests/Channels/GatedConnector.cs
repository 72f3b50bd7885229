using System.Collections.Concurrent;
using Commerce.Api.Channels;

namespace Commerce.Api.Tests.Channels;

/// <summary>
/// A marketplace that answers like the sandbox only once its channel's gate opens, and tells when a pull has begun: a
/// test holds a sync mid-run with it. Registered in every test host, so whichever process runs the sync waits.
/// </summary>
internal sealed class GatedConnector : IChannelConnector
{
    public const string ConnectorName = "gated";

    private static readonly ConcurrentDictionary<string, (TaskCompletionSource Entered, TaskCompletionSource Open)> Gates = new();

    public string Name => ConnectorName;

    /// <summary>The gate of a channel id (unique per test): wait for <c>Entered</c>, then complete <c>Open</c>.</summary>
    public static (TaskCompletionSource Entered, TaskCompletionSource Open) GateOf(string channelId) => Gates.GetOrAdd(channelId,
        _ => (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));

    public async Task<IReadOnlyList<ListingSeen>> PullListingsAsync(ChannelPull pull, CancellationToken ct)
    {
        var (entered, open) = GateOf(pull.ChannelId);
        entered.TrySetResult();
        await open.Task.WaitAsync(ct);
        return pull.Catalog.Select(item => new ListingSeen(item.Sku, Domain.Channels.ListingStatus.Live, "GATED-" + item.Sku)).ToList();
    }
}
