using System.Text.Json;
using Alba;

namespace Commerce.Api.Tests;

internal static class Json
{
    public static async Task<JsonElement> BodyAsync(this IScenarioResult result) =>
        JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement;

    public static async Task<string> CodeAsync(this IScenarioResult result) => (await result.BodyAsync()).GetProperty("code").GetString()!;
}
