namespace Commerce.Domain.Common;

/// <summary>
/// A command to one stream: the command is the message the write path carries, so it names its stream and the version
/// the client last saw (its <c>If-Match</c>), which the write path checks before deciding and <c>Decide</c> ignores.
/// </summary>
public interface IStreamCommand
{
    string StreamId { get; }
    long? ExpectedVersion { get; }
}

/// <summary>
/// Every event type implements it through its stream's marker (e.g. <c>IInventoryEvent</c>), so the lists that must know
/// every event (Marten's registry, history and audit, the feed, rebuilds, the webhook catalog) find them, not a hand-kept list.
/// </summary>
public interface IDomainEvent;
