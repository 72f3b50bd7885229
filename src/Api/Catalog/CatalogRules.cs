using System.Text.RegularExpressions;
using Commerce.Api.Http;
using Commerce.Api.Inventory;
using Commerce.Domain.Catalog;
using FluentValidation;

namespace Commerce.Api.Catalog;

/// <summary>What the product routes share: ids and the shape of a product's fields.</summary>
internal static partial class CatalogRules
{
    public const int MaxImages = 20;
    public const int MaxAttributes = 50;
    public const decimal MaxPrice = 1_000_000_000m;
    public const int MaxOptions = 10;
    public const int MaxOptionValues = 100;
    public const int MaxVariants = 250;

    /// <summary>A product's id is its stream's key, so no SKU may start with it (<c>InventoryRules.SkuPattern</c>).</summary>
    public const string ProductIdPrefix = "prod_";

    public static string NewProductId() => ResourceIds.New(ProductIdPrefix);

    public static bool IsProductId(string id) => ProductId().IsMatch(id);

    public static string NewCategoryId() => ResourceIds.New("cat_");

    public const string CategoryIdMessage = "A category id is cat_ and 1 to 40 letters, digits or '_' (e.g. cat_tees).";

    public static bool IsCategoryId(string id) => CategoryId().IsMatch(id);

    [GeneratedRegex("^cat_[A-Za-z0-9_]{1,40}$")]
    private static partial Regex CategoryId();

    /// <summary>A category's name: at most 100 characters, without the path separator.</summary>
    public static IRuleBuilderOptions<T, string?> CategoryName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(n => n is null || n.Length <= 100 && !n.Contains('>'))
            .WithMessage("A category name is at most 100 characters, without '>' (paths use it: Apparel > T-Shirts).");

    [GeneratedRegex("^prod_[A-Za-z0-9]{1,40}$")]
    private static partial Regex ProductId();

    public static IRuleBuilderOptions<T, string?> ProductSku<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(sku => InventoryRules.IsSku(sku!)).WithMessage(InventoryRules.SkuMessage);

    public static IRuleBuilderOptions<T, decimal?> Money<T>(this IRuleBuilder<T, decimal?> rule, string name) =>
        rule.InclusiveBetween(0, MaxPrice).WithMessage($"{name} must be between 0 and {MaxPrice}.")
            .Must(m => m is null || decimal.Round(m.Value, 2) == m.Value).WithMessage($"{name} has at most two decimals.");

    public static bool IsImageUrl(string url) =>
        url.Length <= 2048 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";
}

/// <summary>The fields POST and PATCH share; on PATCH, a field left out is left unchanged.</summary>
public abstract class ProductFieldsRequest : ConditionalRequest
{
    public string? Name { get; set; }

    /// <summary>Base price in the store's currency.</summary>
    public decimal? Price { get; set; }

    /// <summary>Absolute stock level of the product's SKU: the same stock as <c>/v1/inventory/{sku}</c>.</summary>
    public int? Stock { get; set; }

    /// <summary>live | draft | inactive</summary>
    public string? Status { get; set; }

    /// <summary>The category's id; on PATCH an empty string removes the product from its category.</summary>
    public string? CategoryId { get; set; }

    /// <summary>On PATCH an empty string clears it.</summary>
    public string? Brand { get; set; }

    /// <summary>Cost of goods sold per unit, in the store's currency.</summary>
    public decimal? Cogs { get; set; }

    /// <summary>Image URLs, in display order; on PATCH the list replaces the old one.</summary>
    public IReadOnlyList<string>? Images { get; set; }

    /// <summary>On PATCH an empty string clears it.</summary>
    public string? Description { get; set; }

    /// <summary>Free-form name-value pairs (material, HSN code, ...); on PATCH the set replaces the old one.</summary>
    public Dictionary<string, string>? Attributes { get; set; }

    /// <summary>The options the product comes in (Size: S, M, L); on PATCH the list replaces the old one.</summary>
    public IReadOnlyList<ProductOptionRequest>? Options { get; set; }

    /// <summary>
    /// The product's variants, each one value of every option under a SKU of its own; on PATCH the list replaces the old
    /// one (an empty list removes them all).
    /// </summary>
    public IReadOnlyList<ProductVariantRequest>? Variants { get; set; }

    /// <summary>The options as the domain keeps them.</summary>
    public IReadOnlyList<ProductOption>? OptionsGiven() => Options?.Select(o => new ProductOption(o.Name!, o.Values!)).ToList();

    public IReadOnlyList<ProductVariant>? VariantsGiven() =>
        Variants?.Select(v => new ProductVariant(v.Sku!, v.Options ?? [], v.Price)).ToList();

    /// <summary>The stock levels given to variants, by SKU (a variant without <c>stock</c> keeps its SKU's).</summary>
    public IReadOnlyDictionary<string, int> VariantStockGiven() =>
        (Variants ?? []).Where(v => v.Stock is not null).ToDictionary(v => v.Sku!, v => v.Stock!.Value);
}

/// <summary>An option: its name and its values, in display order.</summary>
public sealed class ProductOptionRequest
{
    public string? Name { get; set; }

    public IReadOnlyList<string>? Values { get; set; }
}

/// <summary>A variant: its SKU, its value of each option, a price overriding the product's and its SKU's stock.</summary>
public sealed class ProductVariantRequest
{
    /// <summary>The variant's SKU, unique in the store (no product and no other variant holds it).</summary>
    public string? Sku { get; set; }

    /// <summary>One value of each of the product's options, by option name, e.g. {"Size": "M", "Colour": "Blue"}.</summary>
    public Dictionary<string, string>? Options { get; set; }

    /// <summary>The variant's price; none: the product's.</summary>
    public decimal? Price { get; set; }

    /// <summary>Absolute stock level of the variant's SKU (its own inventory stream); none leaves it as it is.</summary>
    public int? Stock { get; set; }
}

/// <summary>Shape rules of the product fields, for POST and PATCH alike.</summary>
public sealed class ProductFieldsRules : AbstractValidator<ProductFieldsRequest>
{
    public ProductFieldsRules()
    {
        Include(new IfMatchRules());
        RuleFor(x => x.Name).NotEmpty().When(x => x.Name is not null).WithMessage("name must not be empty.").MaximumLength(300);
        RuleFor(x => x.Price).Money("price");
        RuleFor(x => x.Cogs).Money("cogs");
        RuleFor(x => x.Stock).InclusiveBetween(0, ChangeStockValidator.MaxUnits).WithMessage($"stock must be between 0 and {ChangeStockValidator.MaxUnits}.");
        RuleFor(x => x.Status).Must(s => Domain.Catalog.ProductStatus.Settable.Contains(s)).When(x => x.Status is not null)
            .WithMessage($"status must be one of: {string.Join(", ", Domain.Catalog.ProductStatus.Settable)}.");
        RuleFor(x => x.CategoryId).Must(c => CatalogRules.IsCategoryId(c!)).When(x => x.CategoryId is { Length: > 0 })
            .WithMessage(CatalogRules.CategoryIdMessage);
        RuleFor(x => x.Brand).MaximumLength(100);
        RuleFor(x => x.Description).MaximumLength(10_000);
        RuleFor(x => x.Images!).Must(i => i.Count <= CatalogRules.MaxImages).WithMessage($"At most {CatalogRules.MaxImages} images.")
            .When(x => x.Images is not null);
        RuleForEach(x => x.Images).Must(url => url is not null && CatalogRules.IsImageUrl(url)).WithMessage("Each image is an absolute http(s) URL of at most 2048 characters.");
        RuleFor(x => x.Attributes!).Must(a => a.Count <= CatalogRules.MaxAttributes).WithMessage($"At most {CatalogRules.MaxAttributes} attributes.")
            .When(x => x.Attributes is not null);
        RuleForEach(x => x.Attributes)
            .Must(a => a.Key.Length is > 0 and <= 100 && a.Value is { Length: <= 1000 })
            .WithMessage("Attribute names are 1 to 100 characters, values at most 1000.");
        RuleFor(x => x.Options!).Must(o => o.Count <= CatalogRules.MaxOptions).WithMessage($"At most {CatalogRules.MaxOptions} options.")
            .Must(o => o.Select(option => option?.Name).Distinct().Count() == o.Count).WithMessage("Each option has a name of its own.")
            .When(x => x.Options is not null);
        RuleForEach(x => x.Options).NotNull().WithMessage("An option is an object with a name and values.").ChildRules(option =>
        {
            option.RuleFor(o => o.Name).NotEmpty().WithMessage("An option needs a name.").MaximumLength(100);
            option.RuleFor(o => o.Values).NotEmpty().WithMessage("An option needs at least one value.")
                .Must(v => v!.Count <= CatalogRules.MaxOptionValues && v.Distinct().Count() == v.Count && v.All(value => value is { Length: > 0 and <= 100 }))
                .When(o => o.Values is not null, ApplyConditionTo.CurrentValidator)
                .WithMessage($"An option's values are at most {CatalogRules.MaxOptionValues}, distinct, each 1 to 100 characters.");
        });
        RuleFor(x => x.Variants!).Must(v => v.Count <= CatalogRules.MaxVariants).WithMessage($"At most {CatalogRules.MaxVariants} variants.")
            .Must(v => v.Select(variant => variant?.Sku).Distinct().Count() == v.Count).WithMessage("Each variant has a SKU of its own.")
            .When(x => x.Variants is not null);
        RuleForEach(x => x.Variants).NotNull().WithMessage("A variant is an object with a sku and options.").ChildRules(variant =>
        {
            variant.RuleFor(v => v.Sku).NotEmpty().WithMessage("A variant needs a sku.").ProductSku()
                .When(v => !string.IsNullOrEmpty(v.Sku), ApplyConditionTo.CurrentValidator);
            variant.RuleFor(v => v.Options).NotEmpty().WithMessage("A variant names its value of each option, e.g. {\"Size\": \"M\"}.");
            variant.RuleFor(v => v.Price).Money("price");
            variant.RuleFor(v => v.Stock).InclusiveBetween(0, ChangeStockValidator.MaxUnits)
                .WithMessage($"stock must be between 0 and {ChangeStockValidator.MaxUnits}.");
        });
    }
}
