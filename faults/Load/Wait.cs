using System.Diagnostics;

namespace Commerce.Faults;

public static class Wait
{
    /// <summary>Polls <paramref name="condition"/> until it holds (true) or <paramref name="bound"/> has passed (false).</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan bound, int poll = 200)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > bound) return false;
            await Task.Delay(poll);
        }
        return true;
    }
}
