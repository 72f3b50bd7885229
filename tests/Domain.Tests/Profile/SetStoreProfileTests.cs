using Commerce.Domain.Profile;

namespace Commerce.Domain.Tests.Profile;

public class SetStoreProfileTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 17, 9, 30, 0, TimeSpan.Zero);
    private static readonly StoreProfileCreated Created = new("Acme Apparel", "owner@acme.example", "INR", "Asia/Kolkata", Now);

    private static StoreProfile? Given(params object[] history) => history.Aggregate((StoreProfile?)null, StoreProfile.Evolve);

    [Fact]
    public void the_first_profile_creates_it()
    {
        var decision = ProfileDecisions.Decide(null, new SetStoreProfile("Acme Apparel", "owner@acme.example", "INR", "Asia/Kolkata"), Now);
        Assert.Equal([Created], decision.Events);
    }

    [Fact]
    public void a_later_profile_records_each_field_that_differs_and_nothing_else()
    {
        var decision = ProfileDecisions.Decide(Given(Created), new SetStoreProfile("Acme Apparel", "shop@acme.example", "USD", "Asia/Kolkata"), Now);
        Assert.Equal([new StoreEmailChanged("shop@acme.example", Now), new StoreCurrencyChanged("USD", Now)], decision.Events);
        Assert.Empty(ProfileDecisions.Decide(Given(Created), new SetStoreProfile("Acme Apparel", "owner@acme.example", "INR", "Asia/Kolkata"), Now).Events);
    }

    [Fact]
    public void the_fold_keeps_the_latest_value_of_each_field()
    {
        var profile = Given(Created, new StoreRenamed("Acme", Now), new StoreTimezoneChanged("Europe/Berlin", Now));
        Assert.Equal(new StoreProfile("Acme", "owner@acme.example", "INR", "Europe/Berlin"), profile);
    }
}
