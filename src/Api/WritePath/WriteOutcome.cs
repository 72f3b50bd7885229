using Commerce.Domain.Common;

namespace Commerce.Api.WritePath;

/// <summary>What a command handler answers for one command: what it wrote and the stream's new version, or why nothing was written.</summary>
public abstract record WriteOutcome<TResult>
{
    /// <summary><paramref name="At"/> is the one clock reading of the command: its events' time and the answer's.</summary>
    public sealed record Written(TResult Result, long Version, DateTimeOffset At) : WriteOutcome<TResult>;

    /// <summary>The client's If-Match named another version than the stream's.</summary>
    public sealed record Stale(long CurrentVersion) : WriteOutcome<TResult>;

    public sealed record Rejected(DomainError Error) : WriteOutcome<TResult>;

    /// <summary>The same outcome with another result for a write, e.g. what a handler did beside appending.</summary>
    public WriteOutcome<TOther> Map<TOther>(Func<Written, TOther> result) => this switch
    {
        Written written => new WriteOutcome<TOther>.Written(result(written), written.Version, written.At),
        Stale(var current) => new WriteOutcome<TOther>.Stale(current),
        Rejected(var error) => new WriteOutcome<TOther>.Rejected(error),
        _ => throw new ArgumentOutOfRangeException(nameof(result))
    };
}
