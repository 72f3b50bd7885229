using System.Diagnostics;
using System.Text.Json;
using Commerce.Domain.Common;

namespace Commerce.Api.Http;

/// <summary>
/// RFC 9457 problem details with our <c>code</c>, <c>errors</c> and <c>trace_id</c> members; on the routes of the
/// dealership seed also its envelope's <c>success</c> (false) and <c>error</c> (<see cref="SeedEnvelope"/>).
/// </summary>
public sealed record Problem(
    string Type, string Title, int Status, string Detail, string Code, string TraceId,
    IReadOnlyDictionary<string, string[]>? Errors = null, bool? Success = null, SeedError? Error = null);

public static class Problems
{
    public const string ContentType = "application/problem+json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull
    };

    public static Problem Create(HttpContext http, int status, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        SeedEnvelope.Wraps(http)
            ? new($"urn:commerce:problem:{code}", TitleOf(status), status, detail, code, TraceId(http), errors, false,
                new SeedError(code, SeedEnvelope.Message(detail, errors)))
            : new($"urn:commerce:problem:{code}", TitleOf(status), status, detail, code, TraceId(http), errors);

    public static IResult For(HttpContext http, int status, string code, string detail) =>
        Results.Json(Create(http, status, code, detail), Json, ContentType, status);

    public static IResult For(HttpContext http, DomainError error) => For(http, StatusOf(error.Kind), error.Code, error.Detail);

    /// <summary>For middleware that answers before any endpoint runs.</summary>
    /// <remarks>Not bound to <c>RequestAborted</c>: after a request timeout that token has already fired.</remarks>
    public static Task WriteAsync(HttpContext http, int status, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(Create(http, status, code, detail, errors), Json, ContentType, CancellationToken.None);
    }

    public static string TraceId(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;

    private static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest
    };

    private static string TitleOf(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        406 => "Not acceptable",
        409 => "Conflict",
        412 => "Precondition failed",
        413 => "Payload too large",
        415 => "Unsupported media type",
        422 => "Unprocessable content",
        429 => "Too many requests",
        503 => "Service unavailable",
        _ => status >= 500 ? "Internal server error" : "Error"
    };
}
