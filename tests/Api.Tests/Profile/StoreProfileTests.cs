using Alba;

namespace Commerce.Api.Tests.Profile;

public class StoreProfileTests(AppFixture fixture) : ApiContext(fixture)
{
    private static readonly object Acme = new { name = "Acme Apparel", email = "owner@acme.example", currency = "INR", timezone = "Asia/Kolkata" };

    private async Task<IScenarioResult> Put(string key, object body, int status, string? ifMatch = null) => await Host.Scenario(x =>
    {
        x.WithBearerToken(key);
        x.Put.Json(body).ToUrl("/v1/profile");
        if (ifMatch is not null) x.WithRequestHeader("If-Match", ifMatch);
        x.StatusCodeShouldBe(status);
    });

    [Fact]
    public async Task put_creates_the_profile_and_get_reads_it_back_with_its_version()
    {
        var key = await KeyAsync("read_store_profile,update_store_profile");
        var put = await Put(key, Acme, 200);
        Assert.Equal("\"1\"", put.Context.Response.Headers.ETag.ToString());
        var written = await put.BodyAsync();
        Assert.Equal("INR", written.GetProperty("currency").GetString());

        await Fixture.CatchUpAsync();
        var read = await GetJson(key, "/v1/profile");
        Assert.Equal("Acme Apparel", read.GetProperty("name").GetString());
        Assert.Equal("owner@acme.example", read.GetProperty("email").GetString());
        Assert.Equal("Asia/Kolkata", read.GetProperty("timezone").GetString());
        Assert.Equal(1, read.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task a_second_put_records_what_changed_in_history_and_time_travel_shows_the_first()
    {
        var key = await KeyAsync("read_store_profile,update_store_profile");
        await Put(key, Acme, 200);
        var second = await (await Put(key, new { name = "Acme", email = "owner@acme.example", currency = "USD", timezone = "Asia/Kolkata" }, 200)).BodyAsync();
        Assert.Equal(3, second.GetProperty("version").GetInt64());   // renamed + currency changed

        var history = await GetJson(key, "/v1/profile/store/history");
        Assert.Equal(["store_profile_created", "store_renamed", "store_currency_changed"],
            history.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.All(history.GetProperty("data").EnumerateArray(), e => Assert.StartsWith("key_", e.GetProperty("metadata").GetProperty("actor").GetString()));

        var first = await GetJson(key, "/v1/profile?version=1");
        Assert.Equal("INR", first.GetProperty("currency").GetString());
    }

    [Fact]
    public async Task a_stale_if_match_is_412_and_writes_nothing()
    {
        var key = await KeyAsync("read_store_profile,update_store_profile");
        await Put(key, Acme, 200);
        var stale = await Put(key, new { name = "Other", email = "owner@acme.example", currency = "INR", timezone = "Asia/Kolkata" }, 412, "\"7\"");
        Assert.Equal("precondition_failed", await stale.CodeAsync());
        await Fixture.CatchUpAsync();
        Assert.Equal("Acme Apparel", (await GetJson(key, "/v1/profile")).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("name", "")]
    [InlineData("email", "not-an-email")]
    [InlineData("currency", "inr")]
    [InlineData("currency", "XYZ")]
    [InlineData("timezone", "Mars/Olympus")]
    [InlineData("timezone", "")]
    [InlineData("currency", "")]
    public async Task a_bad_field_is_400_naming_it_and_writes_nothing(string field, string value)
    {
        var key = await KeyAsync("read_store_profile,update_store_profile");
        var body = new Dictionary<string, string>
        {
            ["name"] = "Acme Apparel", ["email"] = "owner@acme.example", ["currency"] = "INR", ["timezone"] = "Asia/Kolkata", [field] = value
        };
        var result = await Put(key, body, 400);
        Assert.Equal("validation_failed", await result.CodeAsync());
        Assert.True((await result.BodyAsync()).GetProperty("errors").TryGetProperty(field, out _), $"errors names {field}");
        await GetJson(key, "/v1/profile", 404);
    }

    [Fact]
    public async Task a_read_key_cannot_put_and_a_public_key_reads_without_the_email()
    {
        var writer = await KeyAsync("update_store_profile");
        await Put(writer, Acme, 200);
        var reader = await KeyAsync("read_store_profile");
        var forbidden = await Put(reader, Acme, 403);
        Assert.Contains("update_store_profile", (await forbidden.BodyAsync()).GetProperty("detail").GetString());

        var storefront = await KeyAsync("read_store_profile", isPublic: true);
        await Fixture.CatchUpAsync();
        var shown = await GetJson(storefront, "/v1/profile");
        Assert.Equal("Acme Apparel", shown.GetProperty("name").GetString());
        Assert.False(shown.TryGetProperty("email", out var email) && email.ValueKind != System.Text.Json.JsonValueKind.Null);
        await Put(storefront, Acme, 403);
    }

    [Fact]
    public async Task another_tenant_never_sees_the_profile()
    {
        var key = await KeyAsync("read_store_profile,update_store_profile");
        await Put(key, Acme, 200);
        await Fixture.CatchUpAsync();
        var stranger = await KeyAsync("read_store_profile", tenant: "t" + Guid.NewGuid().ToString("N")[..12]);
        await GetJson(stranger, "/v1/profile", 404);
        await GetJson(stranger, "/v1/profile/store/history", 404);
    }
}
