using System.Text.Json;
using Alba;

namespace Commerce.Api.Tests.Customers;

/// <summary>Sending JSON to the customer doors and reading the answer.</summary>
internal static class CustomerScenarios
{
    public static async Task<IScenarioResult> SendAsync(this IAlbaHost host, string key, HttpMethod method, string url, object? body, int status,
        string? ifMatch = null) => await host.Scenario(x =>
    {
        x.WithBearerToken(key);
        if (method == HttpMethod.Post) x.Post.Json(body!).ToUrl(url);
        else if (method == HttpMethod.Put) x.Put.Json(body!).ToUrl(url);
        else if (method == HttpMethod.Patch) x.Patch.Json(body!).ToUrl(url);
        else x.Delete.Url(url);
        if (ifMatch is not null) x.WithRequestHeader("If-Match", ifMatch);
        x.StatusCodeShouldBe(status);
    });

    public static async Task<JsonElement> PostAsync(this IAlbaHost host, string key, string url, object body, int status = 201) =>
        await (await host.SendAsync(key, HttpMethod.Post, url, body, status)).BodyAsync();

    public static string Id(this JsonElement created) => created.GetProperty("id").GetString()!;

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;
}
