using Commerce.Domain.Common;

namespace Commerce.Domain.Channels;

/// <summary>
/// A node takes the sync job: the first attempt starts it; a later one resumes a sync whose node stopped while running
/// it (the durable message came back). After <paramref name="MaxAttempts"/> the sync fails with the reason instead of
/// running forever.
/// </summary>
public sealed record StartSync(string SyncId, int MaxAttempts) : IStreamCommand
{
    public string StreamId => SyncId;
    public long? ExpectedVersion => null;
}

/// <summary>The connector's pull was applied: the listings it reported, by status, and the orders it brought that were new.</summary>
public sealed record CompleteSync(string SyncId, int Live, int Suppressed, int Inactive, int ListingsChanged, int OrdersImported) : IStreamCommand
{
    public string StreamId => SyncId;
    public long? ExpectedVersion => null;
}

public sealed record FailSync(string SyncId, string Reason) : IStreamCommand
{
    public string StreamId => SyncId;
    public long? ExpectedVersion => null;
}

public static partial class SyncDecisions
{
    public static Decision Decide(ChannelSync? sync, StartSync command, DateTimeOffset now) => sync switch
    {
        null => NotFound(command.SyncId),
        { IsFinished: true } => Finished(sync),
        { Attempts: var attempts } when attempts >= command.MaxAttempts => Decision.Accept(new SyncFailed(
            $"The sync was interrupted {attempts} times (its node stopped while running it); start a new one.", now)),
        _ => Decision.Accept(new SyncStarted(sync.Attempts + 1, now))
    };

    public static Decision Decide(ChannelSync? sync, CompleteSync command, DateTimeOffset now) => sync switch
    {
        null => NotFound(command.SyncId),
        { Status: SyncStatus.Running } => Decision.Accept(
            new SyncCompleted(sync.Id, sync.ChannelId, command.Live, command.Suppressed, command.Inactive, command.ListingsChanged, now,
                command.OrdersImported)),
        _ => NotRunning(sync)
    };

    public static Decision Decide(ChannelSync? sync, FailSync command, DateTimeOffset now) => sync switch
    {
        null => NotFound(command.SyncId),
        { IsFinished: false } => Decision.Accept(new SyncFailed(command.Reason, now)),
        _ => Finished(sync)
    };

    private static Decision NotFound(string syncId) => Decision.Reject(ErrorKind.NotFound, "not_found", $"Sync {syncId} does not exist.");

    private static Decision Finished(ChannelSync sync) =>
        Decision.Reject(ErrorKind.Conflict, "sync_finished", $"Sync {sync.Id} is already {sync.Status.ToString().ToLowerInvariant()}.");

    private static Decision NotRunning(ChannelSync sync) =>
        Decision.Reject(ErrorKind.Conflict, "sync_not_running", $"Sync {sync.Id} is {sync.Status.ToString().ToLowerInvariant()}, not running.");
}
