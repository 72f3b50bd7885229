using Commerce.Domain.Common;

namespace Commerce.Domain.Channels;

/// <summary><c>POST /v1/channels</c>.</summary>
public sealed record ConnectChannel(string ChannelId, string Name, string Type, string Connector) : IStreamCommand
{
    public string StreamId => Channel.StreamIdOf(ChannelId);
    public long? ExpectedVersion => null;
}

public static partial class ChannelDecisions
{
    public static Decision Decide(Channel? channel, ConnectChannel command, DateTimeOffset now) => channel is null
        ? Decision.Accept(new ChannelConnected(command.ChannelId, command.Name, command.Type, command.Connector, now))
        : Decision.Reject(ErrorKind.Conflict, "conflict", $"Channel {command.ChannelId} already exists.");
}
