using System.Text.Json;
using System.Text.RegularExpressions;
using Alba;

namespace Commerce.Api.Tests.Conventions;

/// <summary>
/// Every route of the customer doors (contacts, customers, clients) and of the dealership (stores, vehicles, deals) is
/// in the OpenAPI document, described as it answers, and shown in the README; a route added there fails here until it is.
/// </summary>
public class CustomerAndDealershipDocsTests(AppFixture fixture) : ApiContext(fixture)
{
    private static readonly (string Method, string Path, string Tag)[] Routes =
    [
        ("POST", "/v1/contacts", "Contacts"), ("GET", "/v1/contacts", "Contacts"), ("GET", "/v1/contacts/{id}", "Contacts"),
        ("PATCH", "/v1/contacts/{id}", "Contacts"), ("DELETE", "/v1/contacts/{id}", "Contacts"),
        ("POST", "/v1/customers", "Customers"), ("GET", "/v1/customers", "Customers"), ("GET", "/v1/customers/{id}", "Customers"),
        ("PUT", "/v1/customers/{id}", "Customers"), ("POST", "/v1/customers/{id}/addresses", "Customers"),
        ("PUT", "/v1/customers/{id}/addresses/{address_id}", "Customers"), ("DELETE", "/v1/customers/{id}/addresses/{address_id}", "Customers"),
        ("POST", "/v1/customers/{id}/merge", "Customers"),
        ("POST", "/v1/clients", "Dealership"), ("GET", "/v1/clients", "Dealership"), ("GET", "/v1/clients/{id}", "Dealership"),
        ("PUT", "/v1/clients/{id}", "Dealership"),
        ("POST", "/v1/stores", "Dealership"), ("GET", "/v1/stores", "Dealership"), ("GET", "/v1/stores/{id}", "Dealership"),
        ("POST", "/v1/vehicles", "Dealership"), ("GET", "/v1/vehicles", "Dealership"), ("GET", "/v1/vehicles/{id}", "Dealership"),
        ("PUT", "/v1/vehicles/{id}", "Dealership"), ("PATCH", "/v1/vehicles/{id}", "Dealership"),
        ("POST", "/v1/deals", "Dealership"), ("GET", "/v1/deals", "Dealership"), ("GET", "/v1/deals/{id}", "Dealership"),
        ("PUT", "/v1/deals/{id}", "Dealership"), ("GET", "/v1/deals/pipeline", "Dealership")
    ];

    private static readonly string[] Prefixes = ["/v1/contacts", "/v1/customers", "/v1/clients", "/v1/stores", "/v1/vehicles", "/v1/deals"];

    [Fact]
    public async Task every_route_is_in_the_openapi_document_with_its_tag_summary_parameters_body_and_answers()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var documented = paths.EnumerateObject().Where(p => Prefixes.Any(prefix => p.Name == prefix || p.Name.StartsWith(prefix + "/")))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Method: o.Name.ToUpperInvariant(), Path: p.Name))).ToHashSet();
        Assert.Equal(Routes.Select(r => (r.Method, r.Path)).Order(), documented.Order());

        foreach (var (method, path, tag) in Routes)
        {
            var operation = paths.GetProperty(path).GetProperty(method.ToLowerInvariant());
            var what = $"{method} {path}";
            Assert.Equal([tag], operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), what);
            var answers = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            Assert.True(answers.Any(a => a.StartsWith('2')), $"{what} declares its success");
            Assert.Contains("401", answers);
            Assert.Contains("403", answers);
            if (method != "GET") Assert.True(answers.Contains("409") || method == "DELETE", $"{what} declares 409");
            if (method is "POST" or "PUT" or "PATCH")
                Assert.True(operation.TryGetProperty("requestBody", out _), $"{what} declares its body");
            var parameters = operation.TryGetProperty("parameters", out var declared)
                ? declared.EnumerateArray().Select(p => (p.GetProperty("name").GetString(), p.GetProperty("in").GetString())).ToList()
                : [];
            foreach (Match name in Regex.Matches(path, "{([a-z_]+)}"))
                Assert.Contains((name.Groups[1].Value, "path"), parameters);
        }
    }

    [Fact]
    public async Task the_dealership_answers_are_described_in_the_seed_envelope_with_the_names_the_api_writes()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        JsonElement Schema(string name) => schemas.GetProperty(name);
        IEnumerable<string> Properties(string name) => Schema(name).GetProperty("properties").EnumerateObject().Select(p => p.Name);

        foreach (var (method, path, _) in Routes.Where(r => r.Tag == "Dealership"))
        {
            var success = document.GetProperty("paths").GetProperty(path).GetProperty(method.ToLowerInvariant()).GetProperty("responses").EnumerateObject()
                .First(r => r.Name.StartsWith('2')).Value;
            var reference = success.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
            var name = reference.Split('/').Last();
            Assert.Matches("^(List)?EnvelopeOf", name);
            Assert.Contains("success", Properties(name));
            Assert.Contains("data", Properties(name));
            if (name.StartsWith("List")) Assert.Contains("pagination", Properties(name));
        }
        Assert.Equal(["page", "limit", "total", "pages"], Properties("SeedPagination"));
        Assert.Contains("success", Properties("Problem"));
        Assert.Contains("error", Properties("Problem"));
        Assert.Contains("trace_id", Properties("Problem"));
        Assert.Contains("message", Properties("SeedError"));
        Assert.Superset(new HashSet<string> { "year_model", "year_manufacture", "purchase_price", "store_id", "client_id", "client", "sold_by_deal_id" },
            Properties("VehicleResponse").ToHashSet());
        Assert.Superset(new HashSet<string> { "client_id", "vehicle_id", "loss_reason", "probability", "phase", "status" },
            Properties("DealResponse").ToHashSet());
        Assert.Superset(new HashSet<string> { "win_rate", "average_days_to_win", "by_store", "by_source", "phases" },
            Properties("DealPipelineResponse").ToHashSet());
        Assert.Superset(new HashSet<string> { "type", "cpf", "cnpj", "segment", "address" }, Properties("ClientResponse").ToHashSet());
        Assert.DoesNotContain(schemas.EnumerateObject().SelectMany(s => s.Value.TryGetProperty("properties", out var p) ? p.EnumerateObject() : []),
            p => p.Name.Any(char.IsUpper));
    }

    [Fact]
    public void the_readme_shows_every_route()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var missing = new List<string>();
        foreach (var (method, path, _) in Routes)
        {
            // A curl with the method (none for GET), or the method and path in prose ("GET /v1/deals/{id}", "and /v1/stores/{id}"
            // beside a GET); an id is an example (0193..., $VEHICLE, adr_...) or the placeholder itself.
            var before = method == "GET" ? @"(?:curl ""?\$API|GET |and )" : $@"(?:-X {method} ""?\$API|{method} )";
            var pattern = new Regex(before + Regex.Replace(Regex.Escape(path), @"\\\{[a-z_]+}", @"[^/\s""'?]+") + @"(?=[\s""'?`)]|$)");
            if (!readme.Any(pattern.IsMatch)) missing.Add($"{method} {path}");
        }
        Assert.True(missing.Count == 0, "README.md shows no " + string.Join(", ", missing));
    }

    private async Task<JsonElement> DocumentAsync() => await (await Host.Scenario(x => x.Get.Url("/openapi/v1.json"))).BodyAsync();

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "README.md")) && File.Exists(Path.Combine(folder.FullName, "Commerce.Cqrs.sln")))
                return folder.FullName;
        throw new InvalidOperationException($"No repository above {AppContext.BaseDirectory}.");
    }
}
