using Commerce.Domain.Customers;

namespace Commerce.Domain.Tests.Customers;

public class TaxIdsTests
{
    [Theory]
    [InlineData("987.654.321-00")]
    [InlineData("98765432100")]
    [InlineData("123.456.789-09")]
    [InlineData("529.982.247-25")]
    public void a_cpf_with_right_check_digits_is_valid_masked_or_not(string cpf) =>
        Assert.True(TaxIds.IsValidCpf(TaxIds.Digits(cpf, 11)!));

    [Theory]
    [InlineData("123.456.789-00")]   // the seed's example: its check digits are 09
    [InlineData("987.654.321-01")]
    [InlineData("111.111.111-11")]   // passes the arithmetic, issued to no one
    [InlineData("000.000.000-00")]
    public void a_cpf_with_wrong_check_digits_is_not(string cpf) =>
        Assert.False(TaxIds.IsValidCpf(TaxIds.Digits(cpf, 11)!));

    [Theory]
    [InlineData("11.222.333/0001-81")]
    [InlineData("11222333000181")]
    [InlineData("45.997.418/0001-53")]
    public void a_cnpj_with_right_check_digits_is_valid(string cnpj) =>
        Assert.True(TaxIds.IsValidCnpj(TaxIds.Digits(cnpj, 14)!));

    [Theory]
    [InlineData("11.222.333/0001-82")]
    [InlineData("11.111.111/1111-11")]
    public void a_cnpj_with_wrong_check_digits_is_not(string cnpj) =>
        Assert.False(TaxIds.IsValidCnpj(TaxIds.Digits(cnpj, 14)!));

    [Theory]
    [InlineData("123.456.789", 11)]
    [InlineData("123.456.789-0a", 11)]
    [InlineData("123_456_789_09", 11)]
    [InlineData("11.222.333/0001-81", 11)]
    [InlineData("987.654.321-00", 14)]
    public void anything_but_the_digits_and_the_mask_is_not_a_tax_id(string value, int length) =>
        Assert.Null(TaxIds.Digits(value, length));

    [Fact]
    public void digits_are_shown_masked()
    {
        Assert.Equal("987.654.321-00", TaxIds.Format("98765432100"));
        Assert.Equal("11.222.333/0001-81", TaxIds.Format("11222333000181"));
        Assert.Equal("CPF", TaxIds.KindOf("98765432100"));
        Assert.Equal("CNPJ", TaxIds.KindOf("11222333000181"));
    }
}
