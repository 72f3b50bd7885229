using FluentValidation;

namespace Commerce.Api.Customers;

/// <summary>The shape rules every door applies to the same fields.</summary>
internal static class CustomerRules
{
    public const int MaxName = 200;

    public static IRuleBuilderOptions<T, string?> CustomerName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(MaxName).WithMessage($"name is at most {MaxName} characters.")
            .Must(n => n is null || n.Trim().Length > 0).WithMessage("name must not be blank.");

    public static IRuleBuilderOptions<T, string?> CustomerEmail<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(254).EmailAddress().WithMessage("email must be an email address, e.g. maria@example.com.");

    public static IRuleBuilderOptions<T, string?> CustomerPhone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(40).WithMessage("phone is at most 40 characters.")
            .Matches(@"^[0-9+()\-. ]*$").WithMessage("phone may hold digits, spaces and + ( ) - . only, e.g. +55 11 99999-8888.");

    public static IRuleBuilderOptions<T, string?> ShortText<T>(this IRuleBuilder<T, string?> rule, string field, int max = 200) =>
        rule.MaximumLength(max).WithMessage($"{field} is at most {max} characters.");
}
