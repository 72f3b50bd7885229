using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;


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
        o.AddOperationTransformer(DescribeRequestParameters);
    });

    // FastEndpoints binds route and query values from the request type, which ASP.NET's describer does not see.
    private static Task DescribeRequestParameters(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var definition = context.Description.ActionDescriptor.EndpointMetadata.OfType<FastEndpoints.EndpointDefinition>().FirstOrDefault();
        if (definition?.ReqDtoType is not { } requestType || requestType == typeof(FastEndpoints.EmptyRequest)) return Task.CompletedTask;

        var route = context.Description.RelativePath ?? "";
        var readsQuery = HttpMethods.IsGet(context.Description.HttpMethod ?? "") || HttpMethods.IsDelete(context.Description.HttpMethod ?? "");
        operation.Parameters ??= [];
        foreach (var property in requestType.GetProperties())
        {
            var name = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
            var header = property.GetCustomAttributes(typeof(FastEndpoints.FromHeaderAttribute), true).OfType<FastEndpoints.FromHeaderAttribute>().FirstOrDefault();
            var (location, required) = header is not null ? (ParameterLocation.Header, false)
                : route.Contains('{' + name + '}') || route.Contains('{' + property.Name.ToLowerInvariant() + '}') ? (ParameterLocation.Path, true)
                : readsQuery ? (ParameterLocation.Query, false)
                : ((ParameterLocation?)null, false);
            if (location is null || !property.CanWrite) continue;   // computed properties are not inputs
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header?.HeaderName ?? name, In = location, Required = required,
                Schema = new OpenApiSchema { Type = SchemaTypeOf(property.PropertyType) }
            });
        }
        return Task.CompletedTask;
    }

    private static JsonSchemaType SchemaTypeOf(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) => JsonSchemaType.Integer,
        var t when t == typeof(bool) => JsonSchemaType.Boolean,
        var t when t == typeof(double) || t == typeof(decimal) => JsonSchemaType.Number,
        _ => JsonSchemaType.String
    };

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
