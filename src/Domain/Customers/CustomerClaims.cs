using Commerce.Domain.Common;

namespace Commerce.Domain.Customers;

/// <summary>What must be unique among a tenant's customers: its email (any case) and its tax id (<see cref="UniqueClaims"/>).</summary>
public static class CustomerClaims
{
    public static string EmailKey(string email) => "email:" + email.Trim().ToLowerInvariant();

    public static string TaxIdKey(string digits) => "tax_id:" + digits;

    /// <summary>The keys a customer with these details holds.</summary>
    public static IEnumerable<string> KeysOf(CustomerDetails? details)
    {
        if (details?.Email is { Length: > 0 } email) yield return EmailKey(email);
        if (details?.TaxId is { Length: > 0 } taxId) yield return TaxIdKey(taxId);
    }

    public static IEnumerable<string> KeysOf(Customer? customer) => KeysOf(customer?.Details);

    /// <summary>
    /// The first of <paramref name="details"/>' keys that another customer than <paramref name="customerId"/> holds, as the
    /// conflict to answer (naming the holder), or null when all are free or its own.
    /// </summary>
    public static DomainError? Conflict(this UniqueClaims claims, string customerId, CustomerDetails details)
    {
        if (details.Email is { Length: > 0 } email && claims.HeldByOther(EmailKey(email), customerId) is { } byEmail)
            return new(ErrorKind.Conflict, "email_taken", $"The email {email} belongs to customer {byEmail} already.");
        if (details.TaxId is { Length: > 0 } taxId && claims.HeldByOther(TaxIdKey(taxId), customerId) is { } byTaxId)
            return new(ErrorKind.Conflict, "tax_id_taken", $"The {TaxIds.KindOf(taxId)} {TaxIds.Format(taxId)} belongs to customer {byTaxId} already.");
        return null;
    }
}
