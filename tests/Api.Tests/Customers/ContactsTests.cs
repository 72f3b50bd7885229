using System.Text.Json;
using Alba;

namespace Commerce.Api.Tests.Customers;

public class ContactsTests(AppFixture fixture) : ApiContext(fixture)
{
    // 000_*.txt, Step 3, as sent.
    private static readonly object Globex = new { name = "Globex Industries", email = "info@globex.example", phone = "+1-555-999-0000", type = "company" };

    [Fact]
    public async Task the_seed_example_creates_a_contact_and_reads_it_back()
    {
        var key = await KeyAsync("read_customers,create_customers");
        var result = await Host.SendAsync(key, HttpMethod.Post, "/v1/contacts", Globex, 201);
        var created = await result.BodyAsync();
        Assert.Equal("\"1\"", result.Context.Response.Headers.ETag.ToString());
        Assert.Equal($"/v1/contacts/{created.Id()}", result.Context.Response.Headers.Location.ToString());
        Assert.True(Guid.TryParse(created.Id(), out var id) && id.Version == 7, "ids are UUIDv7, as the seed shows");
        Assert.Equal("Globex Industries", created.Str("name"));
        Assert.Equal("info@globex.example", created.Str("email"));
        Assert.Equal("+1-555-999-0000", created.Str("phone"));
        Assert.Equal("company", created.Str("type"));
        Assert.Equal(Tenant, created.Str("organization_id"));
        Assert.Equal(created.Str("created_at"), created.Str("updated_at"));

        await Fixture.CatchUpAsync();
        var read = await GetJson(key, $"/v1/contacts/{created.Id()}");
        Assert.Equal("Globex Industries", read.Str("name"));
        await Fixture.CatchUpAsync();
        var page = await GetJson(key, "/v1/contacts?page=1&limit=25");
        Assert.Equal(1, page.GetProperty("meta").GetProperty("total").GetInt32());
        Assert.Equal(25, page.GetProperty("meta").GetProperty("limit").GetInt32());
        Assert.Equal(created.Id(), page.GetProperty("data")[0].Id());
    }

    [Fact]
    public async Task the_list_searches_name_and_email_and_filters_by_type_and_leaves_archived_ones_out()
    {
        var key = await KeyAsync("read_customers,create_customers,update_customers");
        await Host.PostAsync(key, "/v1/contacts", Globex);
        var ana = await Host.PostAsync(key, "/v1/contacts", new { name = "Ana Souza", email = "ana@initech.example", type = "person" });
        var bob = await Host.PostAsync(key, "/v1/contacts", new { name = "Bob Initech", type = "person" });

        await Fixture.CatchUpAsync();
        Assert.Equal([ana.Id(), bob.Id()], await IdsAsync(key, "?q=INITECH"));
        Assert.Equal(["Globex Industries"], (await GetJson(key, "/v1/contacts?type=company")).GetProperty("data").EnumerateArray().Select(c => c.Str("name")));
        Assert.Equal(2, (await GetJson(key, "/v1/contacts?type=person")).GetProperty("meta").GetProperty("total").GetInt32());

        var archived = await (await Host.SendAsync(key, HttpMethod.Delete, $"/v1/contacts/{bob.Id()}", null, 200)).BodyAsync();
        Assert.Equal("archived", archived.Str("status"));
        await Fixture.CatchUpAsync();
        Assert.Equal([ana.Id()], await IdsAsync(key, "?q=initech"));
        await Fixture.CatchUpAsync();
        Assert.Equal("archived", (await GetJson(key, $"/v1/contacts/{bob.Id()}")).Str("status"));
        // Archived is archived: a second DELETE answers the same, a change is a 409.
        await Host.SendAsync(key, HttpMethod.Delete, $"/v1/contacts/{bob.Id()}", null, 200);
        Assert.Equal("customer_archived", await (await Host.SendAsync(key, HttpMethod.Patch, $"/v1/contacts/{bob.Id()}", new { name = "B" }, 409)).CodeAsync());
    }

    [Fact]
    public async Task patch_changes_only_the_fields_sent_and_honours_if_match()
    {
        var key = await KeyAsync("read_customers,create_customers,update_customers");
        var created = await Host.PostAsync(key, "/v1/contacts", Globex);
        var changed = await (await Host.SendAsync(key, HttpMethod.Patch, $"/v1/contacts/{created.Id()}", new { phone = "+1-555-999-1111" }, 200, "\"1\"")).BodyAsync();
        Assert.Equal("+1-555-999-1111", changed.Str("phone"));
        Assert.Equal("Globex Industries", changed.Str("name"));
        Assert.Equal(2, changed.GetProperty("version").GetInt32());
        Assert.Equal("precondition_failed", await (await Host.SendAsync(key, HttpMethod.Patch, $"/v1/contacts/{created.Id()}", new { phone = "1" }, 412, "\"1\"")).CodeAsync());
        await Host.SendAsync(key, HttpMethod.Patch, $"/v1/contacts/{Guid.CreateVersion7()}", new { phone = "1" }, 404);
    }

    [Theory]
    [InlineData("name", "")]
    [InlineData("email", "not-an-email")]
    [InlineData("type", "robot")]
    [InlineData("phone", "call me")]
    public async Task a_bad_field_is_400_naming_it(string field, string value)
    {
        var key = await KeyAsync("read_customers,create_customers");
        var body = new Dictionary<string, string> { ["name"] = "Globex", ["type"] = "company", [field] = value };
        var result = await Host.SendAsync(key, HttpMethod.Post, "/v1/contacts", body, 400);
        Assert.True((await result.BodyAsync()).GetProperty("errors").TryGetProperty(field, out _), $"errors names {field}");
        await Fixture.CatchUpAsync();
        Assert.Equal(0, (await GetJson(key, "/v1/contacts")).GetProperty("meta").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task scopes_public_keys_and_tenants_are_enforced()
    {
        var reader = await KeyAsync("read_customers");
        Assert.Contains("create_customers", (await (await Host.SendAsync(reader, HttpMethod.Post, "/v1/contacts", Globex, 403)).BodyAsync()).Str("detail"));
        // Contacts carry people's details: a public key cannot even hold read_customers, and its storefront scopes pass no contact route.
        var storefront = await KeyAsync("read_catalog,public_storefront", isPublic: true);
        await Host.SendAsync(storefront, HttpMethod.Post, "/v1/contacts", Globex, 403);
        var created = await Host.PostAsync(await KeyAsync("create_customers"), "/v1/contacts", Globex);
        await GetJson(storefront, $"/v1/contacts/{created.Id()}", 403);

        var stranger = await KeyAsync("read_customers,update_customers", tenant: "t" + Guid.NewGuid().ToString("N")[..12]);
        await Fixture.CatchUpAsync();
        await GetJson(stranger, $"/v1/contacts/{created.Id()}", 404);
        await Host.SendAsync(stranger, HttpMethod.Patch, $"/v1/contacts/{created.Id()}", new { name = "Mine" }, 404);
        Assert.Equal(0, (await GetJson(stranger, "/v1/contacts")).GetProperty("meta").GetProperty("total").GetInt32());
        // The same email is free in another tenant.
        await Host.PostAsync(await KeyAsync("create_customers", tenant: "t" + Guid.NewGuid().ToString("N")[..12]), "/v1/contacts", Globex);
    }

    private async Task<IEnumerable<string>> IdsAsync(string key, string query) =>
        (await GetJson(key, "/v1/contacts" + query)).GetProperty("data").EnumerateArray().Select(c => c.Id()).ToList();
}
