namespace Commerce.Domain.Customers;

/// <summary>
/// Brazilian tax ids: the CPF of a person (11 digits) and the CNPJ of a company (14 digits), each ending in two check
/// digits (modulo 11). Accepted masked (<c>987.654.321-00</c>, <c>11.222.333/0001-81</c>) or as digits only, stored as
/// digits, shown masked.
/// </summary>
public static class TaxIds
{
    public const string Cpf = "CPF";
    public const string Cnpj = "CNPJ";

    /// <summary>The digits of a CPF or CNPJ written masked or plain, or null when it is neither shape.</summary>
    public static string? Digits(string? value, int length)
    {
        if (value is null) return null;
        var digits = new string(value.Where(char.IsAsciiDigit).ToArray());
        var rest = value.Where(c => !char.IsAsciiDigit(c));
        return digits.Length == length && rest.All(c => c is '.' or '-' or '/' or ' ') ? digits : null;
    }

    public static bool IsValidCpf(string digits) => digits.Length == 11 && !AllSame(digits)
        && CheckDigit(digits[..9], [10, 9, 8, 7, 6, 5, 4, 3, 2]) == digits[9] - '0'
        && CheckDigit(digits[..10], [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]) == digits[10] - '0';

    public static bool IsValidCnpj(string digits) => digits.Length == 14 && !AllSame(digits)
        && CheckDigit(digits[..12], [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]) == digits[12] - '0'
        && CheckDigit(digits[..13], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]) == digits[13] - '0';

    public static string KindOf(string digits) => digits.Length == 11 ? Cpf : Cnpj;

    /// <summary><c>987.654.321-00</c> or <c>11.222.333/0001-81</c>.</summary>
    public static string Format(string digits) => digits.Length == 11
        ? $"{digits[..3]}.{digits[3..6]}.{digits[6..9]}-{digits[9..]}"
        : $"{digits[..2]}.{digits[2..5]}.{digits[5..8]}/{digits[8..12]}-{digits[12..]}";

    // Numbers such as 111.111.111-11 pass the arithmetic but are no one's: the Receita Federal never issues them.
    private static bool AllSame(string digits) => digits.All(d => d == digits[0]);

    private static int CheckDigit(string digits, int[] weights)
    {
        var remainder = digits.Select((d, i) => (d - '0') * weights[i]).Sum() % 11;
        return remainder < 2 ? 0 : 11 - remainder;
    }
}
