namespace Commerce.Domain.Common;

/// <summary>
/// Values that one record of a tenant may hold at a time (a customer's email, a vehicle's plate, the deal that sells a
/// vehicle) and who holds them. The write path loads the holders of the values a batch of commands names, lets
/// <c>Decide</c> read them, and stores each claim a command takes as a document keyed by the value, in the command's
/// transaction: a second transaction taking the same value fails on the key, runs again and finds the holder.
/// </summary>
public sealed class UniqueClaims(IEnumerable<KeyValuePair<string, string>> holders)
{
    private readonly Dictionary<string, string> holders = new(holders, StringComparer.Ordinal);

    /// <summary>Who holds <paramref name="key"/>, if any.</summary>
    public string? HolderOf(string key) => holders.GetValueOrDefault(key);

    /// <summary>The holder of <paramref name="key"/> when it is another than <paramref name="holder"/>.</summary>
    public string? HeldByOther(string key, string holder) => HolderOf(key) is { } h && h != holder ? h : null;

    /// <summary>
    /// What a decided change does: the keys <paramref name="holder"/> releases and takes, applied here for the next
    /// command. What it held before is its own (a key has one holder), whether or not this batch loaded it.
    /// </summary>
    public (IReadOnlyList<string> Released, IReadOnlyList<string> Taken) Move(string holder, IEnumerable<string> before, IEnumerable<string> after)
    {
        var had = before.ToHashSet();
        var has = after.ToHashSet();
        var released = had.Except(has).ToList();
        var taken = has.Except(had).ToList();
        foreach (var key in released) holders.Remove(key);
        foreach (var key in taken) holders[key] = holder;
        return (released, taken);
    }
}
