namespace Commerce.Domain.Dealership;

/// <summary>Write-side state of one dealership location's stream.</summary>
public sealed record Store(string Id, string Name, string? City, string? State, string? Phone, DateTimeOffset CreatedAt)
{
    public static Store? Evolve(Store? state, object @event) => @event switch
    {
        StoreOpened e => new Store(e.StoreId, e.Name, e.City, e.State, e.Phone, e.OpenedAt),
        _ => state
    };
}
