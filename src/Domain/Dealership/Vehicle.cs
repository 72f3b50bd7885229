using System.Text.RegularExpressions;

namespace Commerce.Domain.Dealership;

/// <summary>What the seed lists of a vehicle; prices in BRL.</summary>
public sealed record VehicleDetails(
    string Title, string Brand, string Model, string? Version, int? YearModel, int? YearManufacture, decimal? Price,
    decimal? PurchasePrice, int? Mileage, string? Color, string? Fuel, string? Transmission, string? Plate);

/// <summary>Write-side state of one vehicle's stream.</summary>
public sealed record Vehicle(
    string Id, VehicleDetails Details, string StoreId, string? ClientId, string Phase, string Status, string? SoldByDeal,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static Vehicle? Evolve(Vehicle? state, object @event) => @event switch
    {
        VehicleRegistered e => new Vehicle(e.VehicleId, e.Details, e.StoreId, e.ClientId, VehiclePhases.Intake, VehicleStatuses.Active, null,
            e.RegisteredAt, e.RegisteredAt),
        VehicleChanged e => state! with { Details = e.Details, StoreId = e.StoreId, ClientId = e.ClientId, UpdatedAt = e.ChangedAt },
        VehiclePhaseChanged e => state! with { Phase = e.Phase, UpdatedAt = e.ChangedAt },
        VehicleStatusChanged e => state! with { Status = e.Status, UpdatedAt = e.ChangedAt },
        VehicleSold e => state! with { Phase = VehiclePhases.Sold, Status = VehicleStatuses.Sold, SoldByDeal = e.DealId, UpdatedAt = e.SoldAt },
        _ => state
    };
}

/// <summary>
/// A vehicle's way through the lot, forward only: <c>entrada</c> (intake) → <c>preparacao</c> (reconditioning) →
/// <c>disponivel</c> (on sale) → <c>vendido</c>, which only a won deal reaches.
/// </summary>
public static class VehiclePhases
{
    public const string Intake = "entrada";
    public const string Preparation = "preparacao";
    public const string Available = "disponivel";
    public const string Sold = "vendido";

    public static readonly IReadOnlyList<string> All = [Intake, Preparation, Available, Sold];

    public static int Rank(string phase) => All.ToList().IndexOf(phase);
}

/// <summary><c>ativo</c> ⇄ <c>inativo</c> by hand; <c>vendido</c> by a won deal, for good.</summary>
public static class VehicleStatuses
{
    public const string Active = "ativo";
    public const string Inactive = "inativo";
    public const string Sold = "vendido";

    public static readonly IReadOnlyList<string> All = [Active, Inactive, Sold];
}

/// <summary>Brazilian plates: the old <c>ABC1234</c> and Mercosul <c>ABC1D23</c>, unique per tenant.</summary>
public static partial class Plates
{
    /// <summary>Upper case, without the hyphen or spaces of <c>abc-1234</c>.</summary>
    public static string Normalize(string plate) => plate.Replace("-", "").Replace(" ", "").ToUpperInvariant();

    public static bool IsValid(string plate) => Shape().IsMatch(Normalize(plate));

    public static string Key(string plate) => "plate:" + Normalize(plate);

    public static IEnumerable<string> KeysOf(Vehicle? vehicle) =>
        vehicle?.Details.Plate is { Length: > 0 } plate ? [Key(plate)] : [];

    [GeneratedRegex("^[A-Z]{3}[0-9]([0-9]|[A-Z])[0-9]{2}$")]
    private static partial Regex Shape();
}
