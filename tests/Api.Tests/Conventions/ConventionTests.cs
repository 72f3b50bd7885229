using System.Text;
using Alba;
using Commerce.Domain.Inventory;

namespace Commerce.Api.Tests.Conventions;

public class ConventionTests(AppFixture fixture) : ApiContext(fixture)
{
    [Fact]
    public async Task an_unknown_route_is_a_404_problem()
    {
        var key = await KeyAsync();
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Get.Url("/v1/no-such-thing");
            x.StatusCodeShouldBe(404);
        });
        Assert.StartsWith("application/problem+json", result.Context.Response.ContentType);
        var body = await result.BodyAsync();
        Assert.Equal("not_found", body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("trace_id").GetString()));
    }

    [Fact]
    public async Task malformed_json_is_400_invalid_json()
    {
        var key = await KeyAsync();
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Patch.Text("{\"adjust\": }").ToUrl("/v1/inventory/SKU-1");
            x.WithRequestHeader("Content-Type", "application/json");
            x.StatusCodeShouldBe(400);
        });
        Assert.Equal("invalid_json", await result.CodeAsync());
    }

    [Fact]
    public async Task a_non_json_body_is_415()
    {
        var key = await KeyAsync();
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Patch.Text("adjust=1").ToUrl("/v1/inventory/SKU-1");
            x.WithRequestHeader("Content-Type", "application/x-www-form-urlencoded");
            x.StatusCodeShouldBe(415);
        });
        Assert.Equal("unsupported_media_type", await result.CodeAsync());
    }

    [Fact]
    public async Task a_body_over_one_mebibyte_is_413()
    {
        var key = await KeyAsync();
        var huge = "{\"reason\":\"" + new string('x', 1024 * 1024) + "\",\"adjust\":1}";
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Patch.Text(huge).ToUrl("/v1/inventory/SKU-1");
            x.WithRequestHeader("Content-Type", "application/json");
            x.StatusCodeShouldBe(413);
        });
        Assert.Equal("payload_too_large", await result.CodeAsync());
    }

    [Fact]
    public async Task every_response_carries_rate_limit_headers_and_the_limit_answers_429()
    {
        var key = await KeyAsync("read_inventory", plan: "tight");
        for (var remaining = 2; remaining >= 0; remaining--)
        {
            var expected = remaining.ToString();
            await Host.Scenario(x =>
            {
                x.WithBearerToken(key);
                x.Get.Url("/v1/inventory");
                x.Header("X-RateLimit-Limit").SingleValueShouldEqual("3");
                x.Header("X-RateLimit-Remaining").SingleValueShouldEqual(expected);
                x.Header("X-RateLimit-Reset").ShouldHaveOneNonNullValue();
            });
        }

        var limited = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Get.Url("/v1/inventory");
            x.StatusCodeShouldBe(429);
            x.Header("Retry-After").ShouldHaveOneNonNullValue();
        });
        Assert.Equal("rate_limited", await limited.CodeAsync());

        // Reads and writes are separate groups: writes of this key are still allowed.
        await Host.Scenario(x => { x.WithBearerToken(key); x.Patch.Json(new { adjust = 1 }).ToUrl("/v1/inventory/SKU-1"); x.StatusCodeShouldBe(403); });
    }

    [Fact]
    public async Task an_idempotent_retry_replays_the_first_answer_and_writes_once()
    {
        var key = await KeyAsync();
        var idempotencyKey = Guid.NewGuid().ToString();
        async Task<IScenarioResult> Send(object body, int status) => await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.WithRequestHeader("Idempotency-Key", idempotencyKey);
            x.Patch.Json(body).ToUrl("/v1/inventory/IDEM-SKU");
            x.StatusCodeShouldBe(status);
        });

        var first = await Send(new { adjust = 5 }, 200);
        var replay = await Send(new { adjust = 5 }, 200);

        Assert.Equal(await first.ReadAsTextAsync(), await replay.ReadAsTextAsync());
        Assert.Equal("true", replay.Context.Response.Headers["Idempotent-Replayed"].ToString());
        await using var session = Store.QuerySession(Tenant);
        Assert.Equal(5, (await session.Events.AggregateStreamAsync<StockItem>("IDEM-SKU"))?.OnHand);

        var reused = await Send(new { adjust = 6 }, 422);
        Assert.Equal("idempotency_key_reused", await reused.CodeAsync());
    }

    [Fact]
    public async Task health_answers_live_and_ready()
    {
        await Host.Scenario(x => { x.Get.Url("/health/live"); x.StatusCodeShouldBeOk(); });
        // Ready once the database answers and the message handlers are compiled (a fresh host compiles them first).
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        int status;
        do
        {
            status = (await Host.Scenario(x => { x.Get.Url("/health/ready"); x.IgnoreStatusCode(); })).Context.Response.StatusCode;
            Assert.True(DateTimeOffset.UtcNow < deadline, "the node did not become ready within 60 s");
        } while (status != 200);
    }

    [Fact]
    public async Task the_openapi_document_describes_the_routes_and_docs_are_served()
    {
        var result = await Host.Scenario(x => x.Get.Url("/openapi/v1.json"));
        var document = await result.BodyAsync();

        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/v1/inventory/{sku}", out var item));
        Assert.True(item.TryGetProperty("patch", out var patch));
        Assert.True(patch.GetProperty("responses").TryGetProperty("409", out _));
        Assert.True(patch.TryGetProperty("requestBody", out _));
        Assert.Contains(patch.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "If-Match");
        var list = paths.GetProperty("/v1/inventory").GetProperty("get");
        Assert.False(list.TryGetProperty("requestBody", out _));
        Assert.Contains(list.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "status");

        var docs = await Host.Scenario(x => x.Get.Url("/docs/"));
        Assert.Contains("openapi/v1.json", await docs.ReadAsTextAsync());
    }

    [Fact]
    public async Task an_empty_patch_body_is_400_not_500()
    {
        var key = await KeyAsync();
        await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Patch.ByteArray(Encoding.UTF8.GetBytes("")).ToUrl("/v1/inventory/SKU-1");
            x.WithRequestHeader("Content-Type", "application/json");
            x.StatusCodeShouldBe(400);
        });
    }
}
