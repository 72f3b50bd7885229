namespace Commerce.Api.Tests;

/// <summary>Waits for a condition (read models, deliveries, readiness), polling on a timer up to a deadline.</summary>
internal static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {seconds} s for {what}; last seen: {value}.");
            await tick.WaitForNextTickAsync();
        }
    }
}
