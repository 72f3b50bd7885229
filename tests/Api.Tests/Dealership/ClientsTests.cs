using System.Text.Json;
using Alba;
using Commerce.Api.Tests.Customers;
using Commerce.Domain.Customers;
using Marten;

namespace Commerce.Api.Tests.Dealership;

public class ClientsTests(AppFixture fixture) : ApiContext(fixture)
{
    // 003_*.txt, "Crie seu primeiro cliente", as sent: its CPF fails the check digits.
    private static readonly object SeedJoao = new
    {
        type = "PF", name = "João da Silva", email = "joao.silva@email.com", cpf = "123.456.789-00", phone = "+55 11 99999-8888", segment = "premium"
    };

    private static readonly object Joao = new
    {
        type = "PF", name = "João da Silva", email = "joao.silva@email.com", cpf = "987.654.321-00", phone = "+55 11 99999-8888", segment = "premium"
    };

    [Fact]
    public async Task the_seed_example_cpf_is_400_naming_cpf_and_its_check_digits_in_the_seed_envelope()
    {
        var key = await KeyAsync("create_customers");
        var result = await Host.SendAsync(key, HttpMethod.Post, "/v1/clients", SeedJoao, 400);
        var body = await result.BodyAsync();
        Assert.StartsWith("application/problem+json", result.Context.Response.ContentType);
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Contains("check digits are wrong", body.GetProperty("error").Str("message") + string.Join(" ",
            body.GetProperty("errors").GetProperty("cpf").EnumerateArray().Select(m => m.GetString())));
        Assert.Contains("cpf", body.GetProperty("error").Str("message"));
        Assert.Equal("validation_failed", body.GetProperty("error").Str("code"));
    }

    [Fact]
    public async Task a_valid_cpf_creates_the_client_as_the_seed_shows_it()
    {
        var key = await KeyAsync("read_customers,create_customers");
        var result = await Host.SendAsync(key, HttpMethod.Post, "/v1/clients", Joao, 201);
        var body = await result.BodyAsync();
        Assert.True(body.GetProperty("success").GetBoolean());
        var data = body.GetProperty("data");
        Assert.Equal("PF", data.Str("type"));
        Assert.Equal("João da Silva", data.Str("name"));
        Assert.Equal("joao.silva@email.com", data.Str("email"));
        Assert.Equal("987.654.321-00", data.Str("cpf"));
        Assert.Equal("+55 11 99999-8888", data.Str("phone"));
        Assert.Equal("premium", data.Str("segment"));
        Assert.Equal("active", data.Str("status"));
        Assert.True(DateTimeOffset.TryParse(data.Str("created_at"), out _));

        await Fixture.CatchUpAsync();
        var one = await GetJson(key, $"/v1/clients/{data.Id()}");
        Assert.True(one.GetProperty("success").GetBoolean());
        Assert.Equal("987.654.321-00", one.GetProperty("data").Str("cpf"));
        await Fixture.CatchUpAsync();
        var list = await GetJson(key, "/v1/clients");
        Assert.True(list.GetProperty("success").GetBoolean());
        Assert.Equal(data.Id(), list.GetProperty("data")[0].Id());
        var pagination = list.GetProperty("pagination");
        Assert.Equal((1, 20, 1, 1), (pagination.GetProperty("page").GetInt32(), pagination.GetProperty("limit").GetInt32(),
            pagination.GetProperty("total").GetInt32(), pagination.GetProperty("pages").GetInt32()));

        // The same record through the other doors.
        Assert.Equal("person", (await GetJson(key, $"/v1/contacts/{data.Id()}")).Str("type"));
        Assert.Equal("987.654.321-00", (await GetJson(key, $"/v1/customers/{data.Id()}")).Str("tax_id"));
    }

    [Theory]
    [InlineData("PF", "cpf", "529.982.247-25", "52998224725", "529.982.247-25")]
    [InlineData("PF", "cpf", "52998224725", "52998224725", "529.982.247-25")]
    [InlineData("PJ", "cnpj", "45.997.418/0001-53", "45997418000153", "45.997.418/0001-53")]
    [InlineData("PJ", "cnpj", "45997418000153", "45997418000153", "45.997.418/0001-53")]
    public async Task a_valid_tax_id_masked_or_digits_only_is_stored_as_digits_shown_masked_and_unique_either_way(
        string type, string field, string sent, string stored, string shown)
    {
        var key = await KeyAsync("read_customers,create_customers");
        var created = (await Host.PostAsync(key, "/v1/clients", new Dictionary<string, string> { ["type"] = type, ["name"] = "Cliente", [field] = sent }))
            .GetProperty("data");
        Assert.Equal(shown, created.Str(field));
        await using (var session = Store.LightweightSession(Tenant))
            Assert.Equal(stored, (await session.Events.FetchLatest<Customer>(created.Id()))!.Details.TaxId);

        // The other spelling of the same number is the same tax id.
        var other = sent == stored ? shown : stored;
        var taken = await (await Host.SendAsync(key, HttpMethod.Post, "/v1/clients",
            new Dictionary<string, string> { ["type"] = type, ["name"] = "Outro", [field] = other }, 409)).BodyAsync();
        Assert.Equal("tax_id_taken", taken.Str("code"));
        Assert.Contains(created.Id(), taken.GetProperty("error").Str("message"));
    }

    [Theory]
    [InlineData("PF", "cpf", "123.456.789-00", "check digits are wrong")]
    [InlineData("PF", "cpf", "12345678900", "check digits are wrong")]
    [InlineData("PF", "cpf", "111.111.111-11", "check digits are wrong")]
    [InlineData("PJ", "cnpj", "11222333000182", "check digits are wrong")]
    [InlineData("PJ", "cnpj", "11.222.333/0001", "14 digits")]
    [InlineData("PF", "cpf", "987.654.321-01", "check digits are wrong")]
    [InlineData("PF", "cpf", "987.654.321", "11 digits")]
    [InlineData("PJ", "cnpj", "11.222.333/0001-82", "check digits are wrong")]
    [InlineData("PF", "cnpj", "11.222.333/0001-81", "A PF client has a cpf")]
    [InlineData("XX", "cpf", "987.654.321-00", "PF")]
    public async Task a_wrong_type_or_tax_id_is_400_naming_the_field(string type, string field, string value, string message)
    {
        var key = await KeyAsync("create_customers");
        var body = new Dictionary<string, string> { ["type"] = type, ["name"] = "Cliente", [field] = value };
        var problem = await (await Host.SendAsync(key, HttpMethod.Post, "/v1/clients", body, 400)).BodyAsync();
        var errors = problem.GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), e => e.Value.EnumerateArray().Any(m => m.GetString()!.Contains(message)));
    }

    [Fact]
    public async Task a_pj_with_an_address_and_a_put_that_changes_its_segment()
    {
        var key = await KeyAsync("read_customers,create_customers,update_customers");
        var created = (await Host.PostAsync(key, "/v1/clients", new
        {
            type = "PJ", name = "Auto Center Ltda", cnpj = "11222333000181", segment = "frota",
            address = new { street = "Av. Paulista", number = "1000", neighborhood = "Bela Vista", city = "São Paulo", state = "SP", zip_code = "01310-100" }
        })).GetProperty("data");
        Assert.Equal("11.222.333/0001-81", created.Str("cnpj"));
        Assert.Equal("Bela Vista", created.GetProperty("address").Str("neighborhood"));

        var changed = await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/clients/{created.Id()}", new { segment = "premium" }, 200, "\"2\"")).BodyAsync();
        Assert.Equal("premium", changed.GetProperty("data").Str("segment"));
        var stale = await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/clients/{created.Id()}", new { segment = "x" }, 412, "\"2\"")).BodyAsync();
        Assert.False(stale.GetProperty("success").GetBoolean());
        Assert.Contains("version 3", stale.GetProperty("error").Str("message"));
    }

    [Fact]
    public async Task a_change_checks_the_tax_id_and_keeps_a_pf_with_a_cpf_and_a_pj_with_a_cnpj_through_every_door()
    {
        var key = await KeyAsync("read_customers,create_customers,update_customers");
        var joao = (await Host.PostAsync(key, "/v1/clients", Joao)).GetProperty("data").Id();

        foreach (var (body, named) in new (object, string)[] { (new { cpf = "123.456.789-00" }, "cpf"), (new { type = "PJ", cnpj = "11.222.333/0001-82" }, "cnpj") })
        {
            var problem = await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/clients/{joao}", body, 400)).BodyAsync();
            Assert.Contains("check digits are wrong", problem.GetProperty("errors").GetProperty(named)[0].GetString());
        }
        foreach (var body in new object[] { new { type = "PJ" }, new { cnpj = "11.222.333/0001-81" } })
            Assert.Equal("tax_id_kind_mismatch", (await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/clients/{joao}", body, 400)).BodyAsync())
                .GetProperty("error").Str("code"));
        Assert.Equal("tax_id_kind_mismatch", await (await Host.SendAsync(key, HttpMethod.Patch, $"/v1/contacts/{joao}", new { type = "company" }, 400)).CodeAsync());

        // Both together make a PJ of it; its CPF is then free for another PF.
        var pj = (await (await Host.SendAsync(key, HttpMethod.Put, $"/v1/clients/{joao}", new { type = "PJ", cnpj = "11222333000181" }, 200, "\"1\""))
            .BodyAsync()).GetProperty("data");
        Assert.Equal(("PJ", "11.222.333/0001-81", JsonValueKind.Null), (pj.Str("type"), pj.Str("cnpj"), pj.GetProperty("cpf").ValueKind));
        await Host.PostAsync(key, "/v1/clients", new { type = "PF", name = "Outro", cpf = "98765432100" });
    }

    [Fact]
    public async Task errors_of_every_kind_carry_the_seed_envelope_on_its_routes_only()
    {
        var noKey = await Host.Scenario(x => { x.Get.Url("/v1/clients"); x.StatusCodeShouldBe(401); });
        Assert.False((await noKey.BodyAsync()).GetProperty("success").GetBoolean());
        var reader = await KeyAsync("read_customers");
        var forbidden = await (await Host.SendAsync(reader, HttpMethod.Post, "/v1/clients", Joao, 403)).BodyAsync();
        Assert.Contains("create_customers", forbidden.GetProperty("error").Str("message"));
        Assert.False((await GetJson(reader, $"/v1/clients/{Guid.CreateVersion7()}", 404)).GetProperty("success").GetBoolean());
        // Other routes keep the project's problem+json without the envelope.
        Assert.False((await GetJson(reader, $"/v1/contacts/{Guid.CreateVersion7()}", 404)).TryGetProperty("success", out _));
    }
}
