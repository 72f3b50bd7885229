using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Commerce.Api.Http;

/// <summary>
/// The OpenAPI 3.1 document at <c>/openapi/v1.json</c>, built from the routes' own declarations (tags, policies,
/// request types, produced problems) so that it passes the recommended rules of an OpenAPI linter (OpenApiLintTests).
/// </summary>
internal static class OpenApiSetup
{
    public static IServiceCollection AddCommerceOpenApi(this IServiceCollection services) => services
        // Schemas name properties as FastEndpoints writes them (snake_case), not by ASP.NET's camelCase default.
        .ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower)
        .AddOpenApi(o =>
    {
        o.AddDocumentTransformer(DescribeDocument);
        o.AddDocumentTransformer(DescribeTags);
        o.AddDocumentTransformer(OpenApiSecurity.DescribeSchemes);
        o.AddOperationTransformer(DescribeRequestParameters);
        o.AddOperationTransformer(OpenApiSecurity.DescribeRequirements);
    });

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext _, CancellationToken __)
    {
        document.Info.Title = "Commerce.Cqrs API";
        document.Info.Description = "Event-sourced commerce backend. Authenticate with 'Authorization: Bearer <key>'. " +
            "Errors are RFC 9457 problem+json with a 'code'.";
        // The repository names no license of its own yet; MIT is what the document declares until it does.
        document.Info.License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" };
        // Relative: the API is wherever this document was fetched from, behind a proxy or not.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The node that serves this document" }];
        return Task.CompletedTask;
    }

    private static Task DescribeTags(OpenApiDocument document, OpenApiDocumentTransformerContext _, CancellationToken __)
    {
        var descriptions = typeof(OpenApiSetup).Assembly.GetCustomAttributes<ApiTagAttribute>().ToDictionary(t => t.Name, t => t.Description);
        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
            if (tag.Name is { } name && descriptions.TryGetValue(name, out var description)) tag.Description = description;
        return Task.CompletedTask;
    }

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
