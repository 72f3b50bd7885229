using Commerce.Api.Customers;
using Commerce.Domain.Dealership;
using FluentValidation;

namespace Commerce.Api.Dealership;

/// <summary>
/// A vehicle as the seed shows it; <c>client</c> is its client's id and name (read when answering, so a renamed
/// client shows its new name). The stream version is in the <c>ETag</c>: <c>version</c> is the seed's trim level.
/// </summary>
public sealed record VehicleResponse(
    string Id, string Title, string Brand, string Model, string? Version, int? YearModel, int? YearManufacture, decimal? Price,
    decimal? PurchasePrice, int? Mileage, string? Color, string? Fuel, string? Transmission, string? Plate, string Phase, string Status,
    string StoreId, string? ClientId, VehicleClient? Client, string? SoldByDealId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static VehicleResponse From(Vehicle v, VehicleClient? client = null)
    {
        var d = v.Details;
        return new(v.Id, d.Title, d.Brand, d.Model, d.Version, d.YearModel, d.YearManufacture, d.Price, d.PurchasePrice, d.Mileage, d.Color,
            d.Fuel, d.Transmission, d.Plate, v.Phase, v.Status, v.StoreId, v.ClientId, client, v.SoldByDeal, v.CreatedAt, v.UpdatedAt);
    }
}

public sealed record VehicleClient(string Id, string Name);

/// <summary>The fields of a vehicle as requests carry them (all optional here; a new vehicle's required ones are checked apart).</summary>
public abstract class VehicleFields
{
    public string? Title { get; set; }
    public string? StoreId { get; set; }
    public string? Brand { get; set; }
    public string? Model { get; set; }

    /// <summary>The trim, e.g. "EXL 2.0 Flex".</summary>
    public string? Version { get; set; }
    public int? YearModel { get; set; }
    public int? YearManufacture { get; set; }

    /// <summary>Asking price, BRL.</summary>
    public decimal? Price { get; set; }
    public decimal? PurchasePrice { get; set; }
    public int? Mileage { get; set; }
    public string? Color { get; set; }

    /// <summary>flex, gasolina, etanol, diesel, eletrico, hibrido or gnv.</summary>
    public string? Fuel { get; set; }

    /// <summary>manual, automatico, automatizado or cvt.</summary>
    public string? Transmission { get; set; }

    /// <summary>ABC1234 or Mercosul ABC1D23 (a hyphen and lower case are accepted); unique per tenant.</summary>
    public string? Plate { get; set; }
    public string? ClientId { get; set; }
}

public sealed class VehicleFieldRules : AbstractValidator<VehicleFields>
{
    public static readonly string[] Fuels = ["flex", "gasolina", "etanol", "diesel", "eletrico", "hibrido", "gnv"];
    public static readonly string[] Transmissions = ["manual", "automatico", "automatizado", "cvt"];

    public VehicleFieldRules(TimeProvider clock)
    {
        var nextYear = clock.GetUtcNow().Year + 1;
        RuleFor(x => x.Title).CustomerName().OverridePropertyName("title");
        RuleFor(x => x.Brand).ShortText("brand", 60);
        RuleFor(x => x.Model).ShortText("model", 60);
        RuleFor(x => x.Version).ShortText("version", 100);
        RuleFor(x => x.Color).ShortText("color", 40);
        RuleFor(x => x.YearModel).InclusiveBetween(1900, nextYear).WithMessage($"year_model must be between 1900 and {nextYear}.");
        RuleFor(x => x.YearManufacture).InclusiveBetween(1900, nextYear).WithMessage($"year_manufacture must be between 1900 and {nextYear}.");
        RuleFor(x => x.Price).GreaterThanOrEqualTo(0).WithMessage("price must be 0 or more.");
        RuleFor(x => x.PurchasePrice).GreaterThanOrEqualTo(0).WithMessage("purchase_price must be 0 or more.");
        RuleFor(x => x.Mileage).GreaterThanOrEqualTo(0).WithMessage("mileage must be 0 or more.");
        RuleFor(x => x.Fuel).Must(f => f is null || Fuels.Contains(f)).WithMessage($"fuel must be one of {string.Join(", ", Fuels)}.");
        RuleFor(x => x.Transmission).Must(t => t is null || Transmissions.Contains(t))
            .WithMessage($"transmission must be one of {string.Join(", ", Transmissions)}.");
        RuleFor(x => x.Plate).Must(p => p is null || Plates.IsValid(p)).WithMessage("plate must be ABC1234 or, Mercosul, ABC1D23.");
    }
}
