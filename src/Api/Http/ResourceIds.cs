using System.Security.Cryptography;

namespace Commerce.Api.Http;

/// <summary>Ids the API gives new resources: a prefix naming the kind (<c>wh_</c>, <c>prod_</c>, ...) and 16 random characters.</summary>
internal static class ResourceIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";   // Crockford's base 32: no I, L, O, U

    public static string New(string prefix) => prefix + RandomNumberGenerator.GetString(Alphabet, 16);
}
