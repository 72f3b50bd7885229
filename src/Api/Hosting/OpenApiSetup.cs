using Microsoft.AspNetCore.OpenApi;


namespace Commerce.Api.Http;

internal static class OpenApiSetup
{
    public static IServiceCollection AddCommerceOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Commerce.Cqrs API";
            document.Info.Description = "Event-sourced commerce backend. Authenticate with 'Authorization: Bearer <key>'. " +
                "Errors are RFC 9457 problem+json with a 'code'.";
            return Task.CompletedTask;
        });
    });

    /// <summary>
    /// Serves the OpenAPI 3.1 document ourselves: MapOpenApi() on this runtime (10.0.12) with Microsoft.OpenApi 2.x writes
    /// every object as {}, while the in-memory document is complete.
    /// </summary>
    public static void MapCommerceOpenApi(this WebApplication app) =>
        app.MapGet("/openapi/v1.json", async (HttpContext http, [FromKeyedServices("v1")] IOpenApiDocumentProvider provider) =>
        {
            var document = await provider.GetOpenApiDocumentAsync(http.RequestAborted);
            using var text = new StringWriter();
            document.SerializeAsV31(new Microsoft.OpenApi.OpenApiJsonWriter(text));
            return Results.Text(text.ToString(), "application/json");
        }).ExcludeFromDescription();

    /// <summary>The errors every read route can answer.</summary>
    public static RouteHandlerBuilder ProducesReadProblems(this RouteHandlerBuilder route) => route.ProducesProblems(400, 401, 403, 404, 429);

    /// <summary>The errors every write route can answer.</summary>
    public static RouteHandlerBuilder ProducesWriteProblems(this RouteHandlerBuilder route) =>
        route.ProducesProblems(400, 401, 403, 404, 409, 412, 413, 415, 422, 429);

    private static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder route, params int[] statuses)
    {
        foreach (var status in statuses) route.Produces<Problem>(status, Problems.ContentType);
        return route;
    }
}
