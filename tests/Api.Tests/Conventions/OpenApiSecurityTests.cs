using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alba;
using Commerce.Api.Access;

namespace Commerce.Api.Tests.Conventions;

/// <summary>
/// What the OpenAPI document says about keys is what authorization does, on every operation it describes: a secret key
/// holding the scopes listed gets past authorization and one holding another scope does not; a public key holding
/// every scope a public key may hold gets past it exactly where the document lists the public key.
/// </summary>
public class OpenApiSecurityTests(AppFixture fixture) : ApiContext(fixture)
{
    private readonly Dictionary<string, string> _keys = [];

    [Fact]
    public async Task every_operation_declares_the_keys_and_scopes_that_authorization_lets_through()
    {
        var document = await (await Host.Scenario(x => x.Get.Url("/openapi/v1.json"))).BodyAsync();
        var storefrontScopes = string.Join(',', ApiScopes.Public);
        var client = Host.Server.CreateClient();
        var operations = 0;

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject())
        {
            operations++;
            var method = new HttpMethod(operation.Name.ToUpperInvariant());
            var url = Regex.Replace(path.Name, "{[^}]+}", "x");   // authorization comes before any lookup of the record
            var name = $"{method} {path.Name}";
            var requirements = operation.Value.GetProperty("security").EnumerateArray().ToList();
            var secretScopes = ScopesOf(requirements, "secret_key");
            Assert.True(secretScopes is not null, $"{name} declares no secret key.");

            var holdingThem = await CachedKeyAsync(secretScopes.Count > 0 ? string.Join(',', secretScopes) : ApiScopes.ReadEvents, isPublic: false);
            Assert.True(Authorized(await StatusAsync(client, method, url, holdingThem)), $"{name}: a secret key with [{string.Join(", ", secretScopes)}] is refused.");
            if (secretScopes.Count > 0)
            {
                var otherScope = ApiScopes.All.First(s => !secretScopes.Contains(s) && s != ApiScopes.Admin);
                Assert.Equal(403, await StatusAsync(client, method, url, await CachedKeyAsync(otherScope, isPublic: false)));
            }

            var publicScopes = ScopesOf(requirements, "public_key");
            Assert.True(publicScopes is null || publicScopes.SequenceEqual(secretScopes), $"{name}: the two keys list different scopes.");
            Assert.True((publicScopes is not null) == Authorized(await StatusAsync(client, method, url, await CachedKeyAsync(storefrontScopes, isPublic: true))),
                $"{name}: the document {(publicScopes is null ? "omits" : "lists")} the public key, yet authorization {(publicScopes is null ? "lets it through" : "refuses it")}.");
        }
        Assert.True(operations > 0);
    }

    private static List<string>? ScopesOf(List<JsonElement> requirements, string scheme) =>
        requirements.Where(r => r.TryGetProperty(scheme, out _))
            .Select(r => r.GetProperty(scheme).EnumerateArray().Select(s => s.GetString()!).ToList())
            .SingleOrDefault();

    private static bool Authorized(int status) => status is not (401 or 403);

    private async Task<string> CachedKeyAsync(string scopes, bool isPublic)
    {
        var name = (isPublic ? "public:" : "secret:") + scopes;
        if (!_keys.TryGetValue(name, out var key)) _keys[name] = key = await KeyAsync(scopes, isPublic);
        return key;
    }

    /// <summary>The status only: the headers are enough, so a stream (the SSE feed) is dropped as soon as it answers.</summary>
    private static async Task<int> StatusAsync(HttpClient client, HttpMethod method, string url, string key)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (method == HttpMethod.Post || method == HttpMethod.Patch || method == HttpMethod.Put)
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (int)response.StatusCode;
    }
}
