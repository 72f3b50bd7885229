namespace Commerce.Domain.Channels;

public enum SyncStatus { Queued, Running, Completed, Failed }

/// <summary>Write-side state of one sync job.</summary>
public sealed record ChannelSync(string Id, string ChannelId, SyncStatus Status, int Attempts)
{
    public bool IsFinished => Status is SyncStatus.Completed or SyncStatus.Failed;

    public static ChannelSync? Evolve(ChannelSync? state, object @event) => @event switch
    {
        SyncQueued e => new ChannelSync(e.SyncId, e.ChannelId, SyncStatus.Queued, 0),
        SyncStarted e => state! with { Status = SyncStatus.Running, Attempts = e.Attempt },
        SyncCompleted => state! with { Status = SyncStatus.Completed },
        SyncFailed => state! with { Status = SyncStatus.Failed },
        _ => state
    };
}
