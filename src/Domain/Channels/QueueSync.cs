using Commerce.Domain.Common;

namespace Commerce.Domain.Channels;

/// <summary><c>POST /v1/channels/{id}/sync</c>: a new sync job for a channel that exists.</summary>
public sealed record QueueSync(string SyncId, string ChannelId, int EstimatedSeconds) : IStreamCommand
{
    public string StreamId => SyncId;
    public long? ExpectedVersion => null;
}

public static partial class SyncDecisions
{
    public static Decision Decide(ChannelSync? sync, QueueSync command, DateTimeOffset now) => sync is null
        ? Decision.Accept(new SyncQueued(command.SyncId, command.ChannelId, command.EstimatedSeconds, now))
        : Decision.Reject(ErrorKind.Conflict, "conflict", $"Sync {command.SyncId} already exists.");
}
