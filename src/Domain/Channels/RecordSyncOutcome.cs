using Commerce.Domain.Common;

namespace Commerce.Domain.Channels;

/// <summary>A sync of the channel completed: the channel is active and shows the live listings it found.</summary>
public sealed record MarkChannelSynced(string ChannelId, string SyncId, int ActiveListings) : IStreamCommand
{
    public string StreamId => Channel.StreamIdOf(ChannelId);
    public long? ExpectedVersion => null;
}

/// <summary>The channel's connector failed during a sync: the channel shows <c>error</c> until a sync succeeds.</summary>
public sealed record MarkChannelFailed(string ChannelId, string SyncId, string Error) : IStreamCommand
{
    public string StreamId => Channel.StreamIdOf(ChannelId);
    public long? ExpectedVersion => null;
}

public static partial class ChannelDecisions
{
    public static Decision Decide(Channel? channel, MarkChannelSynced command, DateTimeOffset now) => channel is null
        ? NotFound(command.ChannelId)
        : Decision.Accept(new ChannelSynced(command.SyncId, command.ActiveListings, now));

    public static Decision Decide(Channel? channel, MarkChannelFailed command, DateTimeOffset now) => channel is null
        ? NotFound(command.ChannelId)
        : Decision.Accept(new ChannelFailed(command.ChannelId, command.SyncId, command.Error, now));

    private static Decision NotFound(string channelId) => Decision.Reject(ErrorKind.NotFound, "not_found", $"Channel {channelId} does not exist.");
}
