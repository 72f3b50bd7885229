namespace Commerce.Domain.Orders;

public static class ReturnGrade
{
    /// <summary>Fit to sell again: restocked through the SKU's inventory stream.</summary>
    public const string Resellable = "resellable";

    /// <summary>Not fit to sell: not restocked.</summary>
    public const string Damaged = "damaged";

    public static readonly string[] All = [Resellable, Damaged];
}
