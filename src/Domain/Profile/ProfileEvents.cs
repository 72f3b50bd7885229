using Commerce.Domain.Common;

namespace Commerce.Domain.Profile;

/// <summary>An event of the store profile's stream (one per tenant).</summary>
public interface IProfileEvent : IDomainEvent;

public sealed record StoreProfileCreated(string Name, string Email, string Currency, string Timezone, DateTimeOffset CreatedAt) : IProfileEvent;

public sealed record StoreRenamed(string Name, DateTimeOffset RenamedAt) : IProfileEvent;

public sealed record StoreEmailChanged(string Email, DateTimeOffset ChangedAt) : IProfileEvent;

/// <summary>The currency prices are shown and charged in from now on; existing amounts are not converted.</summary>
public sealed record StoreCurrencyChanged(string Currency, DateTimeOffset ChangedAt) : IProfileEvent;

/// <summary>The IANA time zone the store's days (reports, SLAs) are counted in.</summary>
public sealed record StoreTimezoneChanged(string Timezone, DateTimeOffset ChangedAt) : IProfileEvent;
