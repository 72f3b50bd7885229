namespace Commerce.Api.Http;

/// <summary>
/// One client's window of one endpoint group (<c>read</c>, <c>write</c>): fixed windows of <see cref="Seconds"/>
/// aligned to the clock, <see cref="Index"/> counted from the Unix epoch. The partition the limiters count in.
/// </summary>
/// <param name="Shared">A key's budget, one for every node; false for requests without a key (counted per node).</param>
internal sealed record RateLimitWindow(string Client, string Group, long Index, int Limit, int Seconds, bool Shared)
{
    public static RateLimitWindow At(DateTimeOffset now, string client, string group, RateLimitRule rule, bool shared) =>
        new(client, group, now.ToUnixTimeSeconds() / rule.WindowSeconds, rule.Limit, rule.WindowSeconds, shared);

    public DateTimeOffset Start => DateTimeOffset.FromUnixTimeSeconds(Index * Seconds);

    public DateTimeOffset End => DateTimeOffset.FromUnixTimeSeconds((Index + 1) * Seconds);
}
