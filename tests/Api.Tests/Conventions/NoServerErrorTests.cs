using System.Text.Json;
using Alba;

namespace Commerce.Api.Tests.Conventions;

/// <summary>
/// No route answers 5xx to what a client can send. Every query parameter of every read, and the body of every write,
/// are tried with values that once broke routes here (a NUL, the last day there is, numbers past any type, a null or a
/// list where an object goes). Routes come from the OpenAPI document, so a route added later is tried too.
/// </summary>
public class NoServerErrorTests(AppFixture fixture) : ApiContext(fixture)
{
    private static readonly string[] QueryValues = ["%00", "a%00b", "9999-12-31", "0001-01-01", "-1", "0", "99999999999999999999", "1e400", "x", ""];

    private static readonly string[] Bodies = ["null", "[]", "{}", "\"x\"", "1", "[null]", """{"a": [null, {}], "b": "\u0000"}"""];

    private async Task<IReadOnlyList<(string Method, string Path, JsonElement Operation)>> OperationsAsync()
    {
        var document = await (await Host.Scenario(x => x.Get.Url("/openapi/v1.json"))).ReadAsJsonAsync<JsonElement>();
        return [.. document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (o.Name.ToUpperInvariant(), p.Name, o.Value)))];
    }

    /// <summary>A route with its path parameters named by ids that exist nowhere.</summary>
    private static string Concrete(string path) => System.Text.RegularExpressions.Regex.Replace(path, "{[a-z_]+}", "nope_1");

    private async Task<int> StatusOfGetAsync(string key, string url) =>
        (await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Get.Url(url);
            x.IgnoreStatusCode();
        })).Context.Response.StatusCode;

    [Fact]
    public async Task no_query_value_makes_a_read_fail()
    {
        var key = await KeyAsync();
        var failed = new List<string>();
        foreach (var (_, path, operation) in (await OperationsAsync()).Where(o => o.Method == "GET"))
        {
            var parameters = operation.TryGetProperty("parameters", out var declared)
                ? declared.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!)
                : [];
            foreach (var name in parameters)
            foreach (var value in QueryValues)
            {
                var url = $"{Concrete(path)}?{name}={value}";
                if (await StatusOfGetAsync(key, url) >= 500) failed.Add(url);
            }
        }
        Assert.Empty(failed);
    }

    [Fact]
    public async Task no_body_makes_a_write_fail()
    {
        var key = await KeyAsync();
        var failed = new List<string>();
        foreach (var (method, path, _) in (await OperationsAsync()).Where(o => o.Method is "POST" or "PUT" or "PATCH"))
        foreach (var body in Bodies)
        {
            if ((await SendText(key, method, Concrete(path), body, status: null)).Context.Response.StatusCode >= 500) failed.Add($"{method} {path} {body}");
        }
        Assert.Empty(failed);
    }
}
