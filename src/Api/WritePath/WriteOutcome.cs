using Commerce.Domain.Common;

namespace Commerce.Api.WritePath;

/// <summary>What a command handler answers the endpoint: the new state and version, or why nothing was written.</summary>
public abstract record WriteOutcome<TState>
{
    public sealed record Written(TState State, long Version, DateTimeOffset At) : WriteOutcome<TState>;

    /// <summary>The client's If-Match named another version than the stream's.</summary>
    public sealed record Stale(long CurrentVersion) : WriteOutcome<TState>;

    public sealed record Rejected(DomainError Error) : WriteOutcome<TState>;
}
