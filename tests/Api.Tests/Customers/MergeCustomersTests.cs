using System.Text.Json;
using Alba;

namespace Commerce.Api.Tests.Customers;

public class MergeCustomersTests(AppFixture fixture) : ApiContext(fixture)
{
    [Fact]
    public async Task merging_keeps_both_histories_points_the_duplicate_at_the_survivor_and_moves_its_email()
    {
        var key = await KeyAsync("read_customers,create_customers,update_customers");
        var survivor = await Host.PostAsync(key, "/v1/customers", new { name = "Maria Santos", email = "maria@email.com" });
        var duplicate = await Host.PostAsync(key, "/v1/contacts", new { name = "Maria S.", email = "maria.s@email.com", type = "person" });

        var merged = await (await Host.SendAsync(key, HttpMethod.Post, $"/v1/customers/{survivor.Id()}/merge", new { duplicate_id = duplicate.Id() }, 200, "\"1\""))
            .BodyAsync();
        Assert.Equal((survivor.Id(), duplicate.Id()), (merged.Str("survivor_id"), merged.Str("duplicate_id")));

        await Fixture.CatchUpAsync();
        var loser = await GetJson(key, $"/v1/customers/{duplicate.Id()}");
        Assert.Equal(("merged", survivor.Id()), (loser.Str("status"), loser.Str("merged_into")));
        Assert.Equal([duplicate.Id()], (await GetJson(key, $"/v1/customers/{survivor.Id()}")).GetProperty("merged").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(["customer_registered", "customer_merged_into"], await TypesAsync(key, duplicate.Id()));
        Assert.Equal(["customer_registered", "customer_merged"], await TypesAsync(key, survivor.Id()));
        Assert.Equal([survivor.Id()], (await GetJson(key, "/v1/contacts")).GetProperty("data").EnumerateArray().Select(c => c.Id()));

        // The duplicate's email now names the survivor; the duplicate changes no more.
        var taken = await (await Host.SendAsync(key, HttpMethod.Post, "/v1/contacts", new { name = "Again", email = "maria.s@email.com", type = "person" }, 409))
            .BodyAsync();
        Assert.Contains(survivor.Id(), taken.Str("detail"));
        Assert.Equal("customer_merged", await (await Host.SendAsync(key, HttpMethod.Patch, $"/v1/contacts/{duplicate.Id()}", new { name = "X" }, 409)).CodeAsync());
        Assert.Equal("customer_merged", await (await Host.SendAsync(key, HttpMethod.Post, $"/v1/customers/{survivor.Id()}/merge",
            new { duplicate_id = duplicate.Id() }, 409)).CodeAsync());
    }

    [Fact]
    public async Task a_merged_duplicates_tax_id_names_the_survivor_and_both_doors_show_the_merge()
    {
        var key = await KeyAsync("read_customers,create_customers,update_customers");
        var survivor = (await Host.PostAsync(key, "/v1/clients", new { type = "PF", name = "João da Silva", email = "joao@email.com", cpf = "987.654.321-00" }))
            .GetProperty("data").Id();
        var duplicate = (await Host.PostAsync(key, "/v1/clients", new { type = "PF", name = "João Silva", cpf = "529.982.247-25" })).GetProperty("data").Id();

        await Host.SendAsync(key, HttpMethod.Post, $"/v1/customers/{survivor}/merge", new { duplicate_id = duplicate }, 200);

        var taken = await (await Host.SendAsync(key, HttpMethod.Post, "/v1/clients", new { type = "PF", name = "Again", cpf = "52998224725" }, 409)).BodyAsync();
        Assert.Equal("tax_id_taken", taken.Str("code"));
        Assert.Contains(survivor, taken.Str("detail"));
        Assert.DoesNotContain(duplicate, taken.Str("detail"));
        // The survivor's own tax id is still its own.
        Assert.Contains(survivor, (await (await Host.SendAsync(key, HttpMethod.Post, "/v1/clients",
            new { type = "PF", name = "Again", cpf = "98765432100" }, 409)).BodyAsync()).Str("detail"));
        await Fixture.CatchUpAsync();
        Assert.Equal("merged", (await GetJson(key, $"/v1/customers/{duplicate}")).Str("status"));
        Assert.Equal([survivor], (await GetJson(key, "/v1/clients")).GetProperty("data").EnumerateArray().Select(c => c.Id()));
        Assert.Equal(["customer_registered", "customer_merged_into"], await TypesAsync(key, duplicate));
    }

    [Fact]
    public async Task merging_into_itself_or_a_missing_customer_is_refused_and_writes_nothing()
    {
        var key = await KeyAsync("read_customers,create_customers,update_customers");
        var one = await Host.PostAsync(key, "/v1/customers", new { name = "Maria Santos", email = "maria@email.com" });
        await Host.SendAsync(key, HttpMethod.Post, $"/v1/customers/{one.Id()}/merge", new { duplicate_id = one.Id() }, 400);
        await Host.SendAsync(key, HttpMethod.Post, $"/v1/customers/{Guid.CreateVersion7()}/merge", new { duplicate_id = one.Id() }, 404);
        await Host.SendAsync(key, HttpMethod.Post, $"/v1/customers/{one.Id()}/merge", new { duplicate_id = one.Id() + "x" }, 404);
        await Host.SendAsync(await KeyAsync("read_customers"), HttpMethod.Post, $"/v1/customers/{one.Id()}/merge", new { duplicate_id = "x" }, 403);
        Assert.Equal(["customer_registered"], await TypesAsync(key, one.Id()));
    }

    private async Task<IEnumerable<string>> TypesAsync(string key, string id) =>
        (await GetJson(key, $"/v1/customers/{id}/history")).GetProperty("data").EnumerateArray().Select(e => e.Str("type")).ToList();
}
