namespace Commerce.Domain.Common;

public enum ErrorKind { NotFound, Conflict, Invalid }

/// <summary>Why a decision appended nothing. <see cref="Code"/> is the machine-readable reason clients branch on.</summary>
public sealed record DomainError(ErrorKind Kind, string Code, string Detail);

/// <summary>
/// What every Decide answers: the events to append, or why nothing is appended. Events are <see cref="IDomainEvent"/>s, so
/// one without its stream's marker (and so unknown to history, the feed, rebuilds and webhooks) does not compile.
/// </summary>
public sealed record Decision(IReadOnlyList<IDomainEvent> Events, DomainError? Error)
{
    public static Decision Accept(params IDomainEvent[] events) => new(events, null);

    public static Decision Reject(ErrorKind kind, string code, string detail) => new([], new DomainError(kind, code, detail));

    /// <summary>
    /// Decides several commands against one stream as a single unit: each step sees the state the previous
    /// steps produced, and the first rejection rejects the whole unit so nothing is half-applied.
    /// </summary>
    public static Decision Sequence<TState, TCommand>(
        TState state, IEnumerable<TCommand> commands, Func<TState, TCommand, Decision> decide, Func<TState, object, TState> evolve)
    {
        var events = new List<IDomainEvent>();
        foreach (var command in commands)
        {
            var step = decide(state, command);
            if (step.Error is not null) return step;
            events.AddRange(step.Events);
            state = step.Events.Aggregate(state, evolve);
        }
        return new Decision(events, null);
    }
}
