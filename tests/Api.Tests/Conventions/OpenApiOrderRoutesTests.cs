using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Api.Tests.Conventions;

/// <summary>
/// Every route of orders, returns and sales analytics is in the OpenAPI document, under the Orders tag, with its
/// filters and a success response; and the routes the host maps there are exactly these (a new one needs a line here).
/// </summary>
public class OpenApiOrderRoutesTests(AppFixture fixture) : ApiContext(fixture)
{
    private static readonly (string Method, string Path, int Success, string[] Query)[] Routes =
    [
        ("post", "/v1/orders", 201, []),
        ("get", "/v1/orders", 200, ["status", "channel", "from", "to", "sla", "q", "page", "limit", "after"]),
        ("get", "/v1/orders/{id}", 200, []),
        ("patch", "/v1/orders/{id}", 200, []),
        ("post", "/v1/orders/{id}/returns", 201, []),
        ("post", "/v1/orders/{id}/returns/{return_id}/receive", 200, []),
        ("get", "/v1/returns", 200, ["status", "channel", "order_id", "from", "to", "page", "limit"]),
        ("get", "/v1/analytics/sales", 200, ["from", "to", "group_by"])
    ];

    private static readonly string[] Prefixes = ["/v1/orders", "/v1/returns", "/v1/analytics"];

    [Fact]
    public async Task every_order_return_and_analytics_route_is_in_the_openapi_document()
    {
        var paths = (await (await Host.Scenario(x => x.Get.Url("/openapi/v1.json"))).BodyAsync()).GetProperty("paths");
        foreach (var (method, path, success, query) in Routes)
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{name} is not in the OpenAPI document.");
            var operation = item.GetProperty(method);
            Assert.Contains("Orders", operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{name} has no summary.");
            Assert.True(operation.GetProperty("responses").TryGetProperty(success.ToString(), out _), $"{name} does not document {success}.");
            Assert.Equal(method is "post" or "patch", operation.TryGetProperty("requestBody", out _));
            var parameters = operation.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
            foreach (var filter in query)
                Assert.True(parameters.Any(q => q.GetProperty("in").GetString() == "query" && q.GetProperty("name").GetString() == filter),
                    $"{name} does not document the query parameter {filter}.");
        }
    }

    [Fact]
    public void the_routes_mapped_under_orders_returns_and_analytics_are_the_ones_listed()
    {
        var mapped = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Path: "/" + e.RoutePattern.RawText!.TrimStart('/'), Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => Prefixes.Any(prefix => e.Path == prefix || e.Path.StartsWith(prefix + "/", StringComparison.Ordinal)))
            .SelectMany(e => e.Methods.Select(m => $"{m.ToLowerInvariant()} {e.Path}"))
            .Order().ToList();
        Assert.Equal(Routes.Select(r => $"{r.Method} {r.Path}").Order(), mapped);
    }
}
