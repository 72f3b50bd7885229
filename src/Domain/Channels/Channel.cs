namespace Commerce.Domain.Channels;

public enum ChannelStatus { Active, Error }

/// <summary>Write-side state of a sales channel.</summary>
public sealed record Channel(string ChannelId, string Name, string Type, string Connector, ChannelStatus Status, DateTimeOffset? LastSynced, int ActiveListings)
{
    /// <summary>Channel ids are chosen by clients and could equal a SKU; a SKU holds no ':'.</summary>
    public const string KeyPrefix = "channel:";

    public static string StreamIdOf(string channelId) => KeyPrefix + channelId;

    /// <summary>The stream key, Marten's identity of the folded state (Marten sets it when it folds the stream).</summary>
    public string Id { get; init; } = StreamIdOf(ChannelId);

    public static Channel? Evolve(Channel? state, object @event) => @event switch
    {
        ChannelConnected e => new Channel(e.ChannelId, e.Name, e.Type, e.Connector, ChannelStatus.Active, null, 0),
        ChannelSynced e => state! with { Status = ChannelStatus.Active, LastSynced = e.SyncedAt, ActiveListings = e.ActiveListings },
        ChannelFailed => state! with { Status = ChannelStatus.Error },
        _ => state
    };
}
