namespace Commerce.Domain.Webhooks;

/// <summary>When a failed delivery is tried again, and when a failing webhook is given up on.</summary>
public static class DeliveryRetries
{
    /// <summary>Standard Webhooks' example schedule after the first attempt: 3 days 3 h 35 min 5 s in all.</summary>
    public static readonly TimeSpan[] StandardSchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
        TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24)
    ];

    /// <summary>Jitter adds up to this share of a step, so receivers that fail together do not retry together.</summary>
    public const double JitterShare = 0.2;

    /// <summary>A receiver's <c>Retry-After</c> is honoured up to this long.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(24);

    /// <summary>
    /// The wait before retry <paramref name="step"/> (0 = the first retry), or null when the schedule is spent and the
    /// delivery is dead-lettered. <paramref name="random"/> in [0, 1) picks the jitter.
    /// </summary>
    public static TimeSpan? NextDelay(IReadOnlyList<TimeSpan> schedule, int step, TimeSpan? retryAfter, double random)
    {
        if (step >= schedule.Count) return null;
        var delay = schedule[step] * (1 + JitterShare * random);
        return retryAfter is { } asked && asked > delay ? (asked < MaxRetryAfter ? asked : MaxRetryAfter) : delay;
    }

    /// <summary>A dead-lettered delivery disables its webhook once nothing has succeeded for <paramref name="disableAfter"/>.</summary>
    public static bool ShouldDisable(DateTimeOffset failingSince, DateTimeOffset now, TimeSpan disableAfter) => now - failingSince >= disableAfter;

    public static string DisabledReason(DateTimeOffset failingSince, string lastError) =>
        $"Every delivery failed since {failingSince:yyyy-MM-ddTHH:mm:ssZ} and retries ran out (last: {lastError}).";

    public const string GoneReason = "The receiver answered 410 Gone.";
}
