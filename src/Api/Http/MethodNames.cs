namespace Commerce.Api.Http;

/// <summary>
/// Method names are case-sensitive (RFC 9110 §9.1), but ASP.NET routing matches them regardless of case, so a request
/// with method <c>patch</c> would run the PATCH endpoint. Such a request, a standard method in other letter case that
/// routing matched to an endpoint, is answered 405 with the route's <c>Allow</c> before its body is read or anything
/// is written. Other unknown methods need nothing from us: routing answers them 404 or 405 itself.
/// </summary>
internal static class MethodNames
{
    private static readonly string[] Standard =
    [
        HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete,
        HttpMethods.Options, HttpMethods.Trace, HttpMethods.Connect
    ];

    public static IApplicationBuilder UseCaseSensitiveMethods(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var method = http.Request.Method;
        var standard = Array.Find(Standard, s => s.Equals(method, StringComparison.OrdinalIgnoreCase));
        if (standard is null || standard.Equals(method, StringComparison.Ordinal) || http.GetEndpoint() is not RouteEndpoint route)
        {
            await next(http);
            return;
        }

        var allowed = AllowedOn(route, http.RequestServices.GetRequiredService<EndpointDataSource>());
        http.Response.Headers.Allow = allowed;
        await Problems.WriteAsync(http, 405, "method_not_allowed",
            $"Method names are case-sensitive: '{method}' is not {standard}. {http.Request.Path} allows {allowed}.");
    });

    /// <summary>The methods of every endpoint on the same route pattern as <paramref name="route"/>.</summary>
    private static string AllowedOn(RouteEndpoint route, EndpointDataSource endpoints) => string.Join(", ", endpoints.Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => string.Equals(e.RoutePattern.RawText?.Trim('/'), route.RoutePattern.RawText?.Trim('/'), StringComparison.OrdinalIgnoreCase))
        .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal));
}
