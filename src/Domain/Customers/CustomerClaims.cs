namespace Commerce.Domain.Customers;

/// <summary>
/// What must be unique among a tenant's customers (an email, a tax id) and who holds it now. The write path loads the
/// holders of the keys a batch of commands names, lets <c>Decide</c> read them, and stores each claim a command takes as
/// a document with the key as its id in the command's transaction: a second transaction claiming the same key fails on
/// the primary key, runs again and finds the holder.
/// </summary>
public sealed class CustomerClaims(IEnumerable<KeyValuePair<string, string>> holders)
{
    private readonly Dictionary<string, string> holders = new(holders, StringComparer.Ordinal);

    public static string EmailKey(string email) => "email:" + email.Trim().ToLowerInvariant();

    public static string TaxIdKey(string digits) => "tax_id:" + digits;

    /// <summary>The keys a customer with these details holds.</summary>
    public static IEnumerable<string> KeysOf(CustomerDetails? details)
    {
        if (details?.Email is { Length: > 0 } email) yield return EmailKey(email);
        if (details?.TaxId is { Length: > 0 } taxId) yield return TaxIdKey(taxId);
    }

    /// <summary>The customer holding <paramref name="key"/>, if any.</summary>
    public string? HolderOf(string key) => holders.GetValueOrDefault(key);

    /// <summary>
    /// The first of <paramref name="details"/>' keys that another customer than <paramref name="customerId"/> holds, as the
    /// conflict to answer (naming the holder), or null when all are free or its own.
    /// </summary>
    public Common.DomainError? Conflict(string customerId, CustomerDetails details)
    {
        if (details.Email is { Length: > 0 } email && HolderOf(EmailKey(email)) is { } byEmail && byEmail != customerId)
            return new(Common.ErrorKind.Conflict, "email_taken", $"The email {email} belongs to customer {byEmail} already.");
        if (details.TaxId is { Length: > 0 } taxId && HolderOf(TaxIdKey(taxId)) is { } byTaxId && byTaxId != customerId)
            return new(Common.ErrorKind.Conflict, "tax_id_taken",
                $"The {TaxIds.KindOf(taxId)} {TaxIds.Format(taxId)} belongs to customer {byTaxId} already.");
        return null;
    }

    /// <summary>What a decided change does to the claims: the keys released and taken, applied here for the next command.</summary>
    public (IReadOnlyList<string> Released, IReadOnlyList<string> Taken) Move(string customerId, CustomerDetails? before, CustomerDetails? after)
    {
        var had = KeysOf(before).ToHashSet();
        var has = KeysOf(after).ToHashSet();
        // What its details held is its own (a key has one holder), whether or not this batch loaded it.
        var released = had.Except(has).ToList();
        var taken = has.Except(had).ToList();
        foreach (var key in released) holders.Remove(key);
        foreach (var key in taken) holders[key] = customerId;
        return (released, taken);
    }
}
