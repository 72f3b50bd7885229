using Commerce.Api.Access;
using Commerce.Api.Hosting;

namespace Commerce.Api.Http;

/// <summary>
/// Turns every error path that is not an endpoint's own answer into problem+json: empty 4xx answers from routing
/// and authorization (unknown route, wrong method, missing key or scope) and unhandled exceptions.
/// </summary>
internal static class ProblemResponses
{
    public static IApplicationBuilder UseProblemResponses(this IApplicationBuilder app)
    {
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (Exception e) when (!http.Response.HasStarted)
            {
                var (status, code, detail) = Classify(e, http);
                var log = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Commerce.Api.Errors");
                if (status == 503)
                    log.LogWarning("503 on {Method} {Path}: {Error}", http.Request.Method, http.Request.Path, e.GetBaseException().Message);
                else if (status >= 500)
                    log.LogError(e, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
                http.Response.Clear();
                if (status == 503)
                    http.Response.Headers.RetryAfter = code == "projection_lagging" ? "1" : http.RequestServices.GetRequiredService<TimeBoundsOptions>().RetryAfterHeader;
                await Problems.WriteAsync(http, status, code, detail);
            }
        });
        app.UseStatusCodePages(context => WriteEmptyStatusAsync(context.HttpContext));
        return app;
    }

    private static (int Status, string Code, string Detail) Classify(Exception e, HttpContext http) => e switch
    {
        BadHttpRequestException { StatusCode: 413 } => (413, "payload_too_large", "The request body is larger than 1 MiB."),
        BadHttpRequestException bad => (bad.StatusCode, "bad_request", bad.Message),
        OperationCanceledException when http.RequestAborted.IsCancellationRequested => (499, "client_closed_request", "The client went away."),
        History.ProjectionLaggingException lagging => (503, "projection_lagging", lagging.Message),
        _ when DatabaseFaults.IsUnavailable(e) => (503, "unavailable", "The database is unreachable, saturated or too slow; retry shortly."),
        OperationCanceledException => (503, "unavailable", "The request did not finish within its time bound; retry shortly."),
        _ => (500, "internal_error", "Something went wrong on our side. Quote the trace_id when you report it.")
    };

    private static Task WriteEmptyStatusAsync(HttpContext http)
    {
        var (code, detail) = http.Response.StatusCode switch
        {
            401 => ("unauthorized", "Send a valid API key as 'Authorization: Bearer <key>'."),
            403 => ForbiddenDetail(http),
            404 => ("not_found", $"No route matches {http.Request.Method} {http.Request.Path}."),
            405 => ("method_not_allowed", $"{http.Request.Method} is not allowed on {http.Request.Path}."),
            415 => ("unsupported_media_type", "Send the body as application/json."),
            _ => ("error", "The request failed.")
        };
        return Problems.WriteAsync(http, http.Response.StatusCode, code, detail);
    }

    private static (string, string) ForbiddenDetail(HttpContext http) =>
        ScopePolicyProvider.RequiredScope(http.GetEndpoint()) is { } scope
            ? ("forbidden", http.User.IsPublicKey() && !ScopePolicyProvider.PublicKeysMayUse(scope) && scope != ApiScopes.AnyScope
                ? $"Public keys read only what a storefront shows; this route needs a secret key with the '{scope}' scope."
                : scope == ApiScopes.AnyScope ? "Public keys cannot use this route; use a secret key."
                : $"This API key lacks the '{scope}' scope.")
            : ("forbidden", "This API key may not use this route.");
}
