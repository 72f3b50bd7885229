using System.Text.Json;
using Alba;
using Commerce.Api.Tests.Access;
using Commerce.Projections;
using Commerce.Projections.Customers;

namespace Commerce.Api.Tests.Customers;

/// <summary>
/// An email or tax id belongs to one customer per tenant, whichever door (contacts, customers, clients) and whichever
/// node: the claim document's primary key decides between transactions, the claims loaded before deciding within one.
/// </summary>
public class CustomerUniquenessTests(AppFixture fixture, SecondNode second) : ApiContext(fixture), IClassFixture<SecondNode>
{
    [Fact]
    public async Task an_email_taken_through_one_door_is_a_409_naming_the_customer_at_the_others()
    {
        var key = await KeyAsync("read_customers,create_customers,update_customers");
        var contact = await Host.PostAsync(key, "/v1/contacts", new { name = "Maria Santos", email = "maria@email.com", type = "person" });

        var asClient = await (await Host.SendAsync(key, HttpMethod.Post, "/v1/clients",
            new { type = "PF", name = "Maria", email = "MARIA@email.com", cpf = "987.654.321-00" }, 409)).BodyAsync();
        Assert.Equal("email_taken", asClient.Str("code"));
        Assert.Contains(contact.Id(), asClient.Str("detail"));
        var asCustomer = await (await Host.SendAsync(key, HttpMethod.Post, "/v1/customers", new { name = "Maria", email = "maria@email.com" }, 409)).BodyAsync();
        Assert.Contains(contact.Id(), asCustomer.Str("detail"));

        // Changing another customer to it is refused the same way; once released by its holder it is free again.
        var other = await Host.PostAsync(key, "/v1/contacts", new { name = "Other", email = "other@email.com", type = "person" });
        await Host.SendAsync(key, HttpMethod.Patch, $"/v1/contacts/{other.Id()}", new { email = "maria@email.com" }, 409);
        await Host.SendAsync(key, HttpMethod.Patch, $"/v1/contacts/{contact.Id()}", new { email = "maria.santos@email.com" }, 200);
        var took = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Patch.Json(new { email = "maria@email.com" }).ToUrl($"/v1/contacts/{other.Id()}");
            x.IgnoreStatusCode();
        });
        Assert.True(took.Context.Response.StatusCode == 200, await took.ReadAsTextAsync());
        Assert.Contains(other.Id(), (await (await Host.SendAsync(key, HttpMethod.Post, "/v1/contacts",
            new { name = "Late", email = "maria@email.com", type = "person" }, 409)).BodyAsync()).Str("detail"));
        await Host.PostAsync(key, "/v1/contacts", new { name = "Reuses the released one", email = "other@email.com", type = "person" });
    }

    [Fact]
    public async Task a_tax_id_is_unique_masked_or_not()
    {
        var key = await KeyAsync("create_customers");
        var first = await Host.PostAsync(key, "/v1/clients", new { type = "PJ", name = "Auto Center Ltda", cnpj = "11.222.333/0001-81" });
        var again = await (await Host.SendAsync(key, HttpMethod.Post, "/v1/clients", new { type = "PJ", name = "Same", cnpj = "11222333000181" }, 409)).BodyAsync();
        Assert.Equal("tax_id_taken", again.Str("code"));
        Assert.Contains(first.GetProperty("data").Id(), again.Str("detail"));
        Assert.Contains("11.222.333/0001-81", again.Str("detail"));
    }

    [Fact]
    public async Task many_creates_of_one_email_racing_over_two_nodes_make_one_customer_and_409s_naming_it()
    {
        var key = await KeyAsync("read_customers,create_customers");
        var nodes = new[] { Host, second.Host };
        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => nodes[i % 2].Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Post.Json(new { name = $"Racer {i}", email = "race@email.com", type = "person" }).ToUrl("/v1/contacts");
            x.IgnoreStatusCode();
        })));

        var statuses = answers.Select(a => a.Context.Response.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == 201));
        Assert.Equal(15, statuses.Count(s => s == 409));
        var winner = (await answers.Single(a => a.Context.Response.StatusCode == 201).BodyAsync()).Id();
        foreach (var lost in answers.Where(a => a.Context.Response.StatusCode == 409))
            Assert.Contains(winner, (await lost.BodyAsync()).Str("detail"));

        await Fixture.CatchUpAsync();
        await using var query = Store.QuerySession(Tenant);
        Assert.Equal(1, await Marten.QueryableExtensions.CountAsync(query.Query<CustomerView>()));
        Assert.Equal(winner, (await query.LoadAsync<UniqueClaim>("email:race@email.com"))?.HolderId);
    }
}
