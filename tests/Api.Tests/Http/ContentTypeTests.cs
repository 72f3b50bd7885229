using System.Text;
using Alba;
using Marten;

namespace Commerce.Api.Tests.Http;

/// <summary>JSON bodies are UTF-8: a charset may say so in any spelling RFC 9110 allows, and may say nothing else.</summary>
public class ContentTypeTests(AppFixture fixture) : ApiContext(fixture)
{
    private const string WebhookBody = "{\"url\": \"https://yourapp.com/hooks\", \"events\": [\"inventory.low\"]}";

    public static TheoryData<string> Utf8 =>
    [
        "application/json; charset=\"utf-8\"", "application/json; charset=UTF-8", "application/json;charset=\"UTF-8\"",
        "application/json; charset=Utf-8", "application/merge-patch+json; charset=\"utf-8\""
    ];

    public static TheoryData<string> NotUtf8 =>
    [
        "application/json; charset=utf-7", "application/json; charset=bogus", "application/json; charset=",
        "application/json; charset=\"\"", "application/json; charset=iso-8859-1", "application/json; charset=\"utf-16\"",
        "application/json; charset=utf-8; charset=latin1"
    ];

    private async Task<IScenarioResult> Send(string method, string url, string contentType, string body, int status, string? key = null)
    {
        var token = key ?? await KeyAsync();
        var bytes = Encoding.UTF8.GetBytes(body);
        return await Host.Scenario(x =>
        {
            x.WithBearerToken(token);
            if (method == "POST") x.Post.ByteArray(bytes).ToUrl(url);
            else if (method == "PATCH") x.Patch.ByteArray(bytes).ToUrl(url);
            else x.Get.Url(url);
            x.WithRequestHeader("Content-Type", contentType);
            x.StatusCodeShouldBe(status);
        });
    }

    private async Task<int> EventsInTenant()
    {
        await using var session = Store.QuerySession(Tenant);
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    private static async Task AssertNamesWhatIsAccepted(IScenarioResult result, string contentType)
    {
        Assert.StartsWith("application/problem+json", result.Context.Response.ContentType);
        var problem = await result.BodyAsync();
        Assert.Equal("unsupported_media_type", problem.GetProperty("code").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("application/json", detail);
        Assert.Contains("charset=utf-8", detail);
        Assert.Contains(contentType, detail);
    }

    [Theory]
    [MemberData(nameof(Utf8))]
    public async Task utf8_in_any_case_quoted_or_not_is_accepted_on_a_patch(string contentType)
    {
        var result = await Send("PATCH", "/v1/inventory/CHARSET-OK", contentType, "{\"quantity\": 7}", 200);

        Assert.Equal(7, (await result.BodyAsync()).GetProperty("total_stock").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Utf8))]
    public async Task utf8_in_any_case_quoted_or_not_is_accepted_on_a_webhook_post(string contentType)
    {
        var key = await KeyAsync("manage_webhooks");
        await Send("POST", "/v1/webhooks", contentType, WebhookBody, 201, key);
    }

    [Theory]
    [MemberData(nameof(NotUtf8))]
    public async Task any_other_charset_is_415_on_a_patch_with_or_without_a_body_and_writes_nothing(string contentType)
    {
        foreach (var body in new[] { "{\"quantity\": 7}", "" })
            await AssertNamesWhatIsAccepted(await Send("PATCH", "/v1/inventory/CHARSET-BAD", contentType, body, 415), contentType);

        Assert.Equal(0, await EventsInTenant());
    }

    [Theory]
    [MemberData(nameof(NotUtf8))]
    public async Task any_other_charset_is_415_on_a_webhook_post_and_writes_nothing(string contentType)
    {
        var key = await KeyAsync("manage_webhooks");
        var result = await Send("POST", "/v1/webhooks", contentType, WebhookBody, 415, key);

        await AssertNamesWhatIsAccepted(result, contentType);
        Assert.Equal(0, await EventsInTenant());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=bogus")]
    [InlineData("text/plain; charset=utf-7")]
    public async Task the_content_type_of_a_get_without_a_body_is_ignored(string contentType)
    {
        var key = await KeyAsync("read_inventory");

        await Send("GET", "/v1/inventory", contentType, "", 200, key);
    }
}
