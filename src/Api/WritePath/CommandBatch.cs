using Commerce.Domain.Common;

namespace Commerce.Api.WritePath;

/// <summary>A command with the metadata of whoever sent it.</summary>
public sealed record Batched<TCommand>(TCommand Command, CommandMetadata Metadata) where TCommand : IStreamCommand;

/// <summary>
/// The message every command handler takes: one or more commands of one type and tenant, on one or more streams, each
/// stream's in arrival order, decided and committed in one transaction (group commit). A command alone is a batch of one,
/// so there is one handler shape and one way of putting metadata on events.
/// </summary>
public sealed record CommandBatch<TCommand>(IReadOnlyList<Batched<TCommand>> Commands) where TCommand : IStreamCommand;

public static class CommandBatches
{
    /// <summary>The commands of the batch that wrote, with their outcome, for a handler's work beside the events.</summary>
    public static IEnumerable<(TCommand Command, WriteOutcome<TResult>.Written Written)> Written<TCommand, TResult>(
        this CommandBatch<TCommand> batch, IReadOnlyList<WriteOutcome<TResult>> outcomes) where TCommand : IStreamCommand =>
        batch.Commands.Zip(outcomes).Where(c => c.Second is WriteOutcome<TResult>.Written)
            .Select(c => (c.First.Command, (WriteOutcome<TResult>.Written)c.Second));
}
