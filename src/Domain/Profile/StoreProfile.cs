namespace Commerce.Domain.Profile;

/// <summary>Write-side state of the tenant's store profile: its one stream is <see cref="StreamId"/>.</summary>
public sealed record StoreProfile(string Name, string Email, string Currency, string Timezone)
{
    public const string StreamId = "store";

    /// <summary>The stream's key, for Marten's identity of the folded state (it is always <see cref="StreamId"/>).</summary>
    public string Id { get; init; } = StreamId;

    public static StoreProfile? Evolve(StoreProfile? state, object @event) => @event switch
    {
        StoreProfileCreated e => new StoreProfile(e.Name, e.Email, e.Currency, e.Timezone),
        StoreRenamed e => state! with { Name = e.Name },
        StoreEmailChanged e => state! with { Email = e.Email },
        StoreCurrencyChanged e => state! with { Currency = e.Currency },
        StoreTimezoneChanged e => state! with { Timezone = e.Timezone },
        _ => state
    };
}
