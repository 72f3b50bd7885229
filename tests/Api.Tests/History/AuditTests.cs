namespace Commerce.Api.Tests.History;

public class AuditTests(AppFixture fixture) : ApiContext(fixture)
{
    [Fact]
    public async Task audit_answers_who_did_what_filtered_by_actor_type_resource_and_time()
    {
        var alice = await KeyAsync("update_inventory");
        var bob = await KeyAsync("update_inventory");
        var auditor = await KeyAsync("read_audit");
        await PatchJson(alice, "/v1/inventory/AUD-1", new { quantity = 10 });
        var middle = DateTimeOffset.UtcNow;
        await PatchJson(bob, "/v1/inventory/AUD-1", new { adjust = -2 });
        await PatchJson(bob, "/v1/inventory/AUD-2", new { adjust = 3 });
        await Fixture.CatchUpAsync();

        var bobsId = Commerce.Api.Access.ApiKeyFormat.TryParse(bob, out var id, out _) ? id : "";
        var byBob = await GetJson(auditor, $"/v1/audit?actor={bobsId}");
        Assert.Equal(3, byBob.GetProperty("data").GetArrayLength());   // adjust on AUD-1; tracked + adjust on AUD-2
        Assert.All(byBob.GetProperty("data").EnumerateArray(), e => Assert.Equal(bobsId, e.GetProperty("metadata").GetProperty("actor").GetString()));

        var adjustments = await GetJson(auditor, "/v1/audit?type=stock_adjusted");
        Assert.Equal(2, adjustments.GetProperty("data").GetArrayLength());

        var oneSku = await GetJson(auditor, "/v1/audit?resource=inventory&resource_id=AUD-1");
        Assert.Equal(3, oneSku.GetProperty("data").GetArrayLength());
        Assert.All(oneSku.GetProperty("data").EnumerateArray(), e => Assert.Equal("inventory", e.GetProperty("resource").GetString()));

        var since = await GetJson(auditor, $"/v1/audit?from={Uri.EscapeDataString(middle.ToString("O"))}");
        Assert.Equal(3, since.GetProperty("data").GetArrayLength());

        var paged = await GetJson(auditor, "/v1/audit?limit=2");
        var next = paged.GetProperty("meta").GetProperty("next_cursor").GetInt64();
        var rest = await GetJson(auditor, $"/v1/audit?after={next}&limit=2");
        Assert.Equal(2, rest.GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData("resource=gadgets")]
    [InlineData("resource_id=AUD-1")]
    [InlineData("type=nonsense")]
    [InlineData("limit=0")]
    [InlineData("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    public async Task bad_audit_filters_are_400(string query)
    {
        var auditor = await KeyAsync("read_audit");
        Assert.Equal("validation_failed", (await GetJson(auditor, $"/v1/audit?{query}", 400)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task audit_needs_read_audit_or_admin()
    {
        var problem = await GetJson(await KeyAsync("read_inventory,update_inventory"), "/v1/audit", 403);
        Assert.Contains("read_audit", problem.GetProperty("detail").GetString());
        await GetJson(await KeyAsync("admin"), "/v1/audit");
    }
}
