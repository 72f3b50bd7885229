using Commerce.Domain.Common;

namespace Commerce.Domain.Profile;

/// <summary><c>PUT /v1/profile</c>: the whole profile; the first one creates it.</summary>
public sealed record SetStoreProfile(string Name, string Email, string Currency, string Timezone, long? ExpectedVersion = null) : IStreamCommand
{
    public string StreamId => StoreProfile.StreamId;
}

public static class ProfileDecisions
{
    /// <summary>Records only the fields that differ, each as its own fact, so history says what changed, not just that a PUT came.</summary>
    public static Decision Decide(StoreProfile? profile, SetStoreProfile command, DateTimeOffset now)
    {
        if (profile is null) return Decision.Accept(new StoreProfileCreated(command.Name, command.Email, command.Currency, command.Timezone, now));
        var changes = new List<IDomainEvent>();
        if (command.Name != profile.Name) changes.Add(new StoreRenamed(command.Name, now));
        if (command.Email != profile.Email) changes.Add(new StoreEmailChanged(command.Email, now));
        if (command.Currency != profile.Currency) changes.Add(new StoreCurrencyChanged(command.Currency, now));
        if (command.Timezone != profile.Timezone) changes.Add(new StoreTimezoneChanged(command.Timezone, now));
        return Decision.Accept([.. changes]);
    }
}
