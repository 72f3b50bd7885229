namespace Commerce.Api.Http;

/// <summary>
/// The dealership seed's envelope (<c>003_*.txt</c>), on its routes only, so its own client code runs against them:
/// <c>{ "success": true, "data": ... }</c>, lists with <c>pagination</c> { page, limit, total, pages }, and errors that
/// carry <c>success: false</c> and <c>error.message</c> as members of the usual problem+json. Every other route keeps the
/// project's shapes.
/// </summary>
public static class SeedEnvelope
{
    /// <summary>The route prefixes that answer in the seed's envelope.</summary>
    public static readonly IReadOnlyList<string> Routes = ["/v1/clients", "/v1/stores", "/v1/vehicles", "/v1/deals"];

    public static bool Wraps(HttpContext http) =>
        Routes.Any(route => http.Request.Path.StartsWithSegments(route, StringComparison.Ordinal));

    /// <summary>What the seed's client shows a person: the detail, and for a validation failure what is wrong with each field.</summary>
    public static string Message(string detail, IReadOnlyDictionary<string, string[]>? errors) =>
        errors is { Count: > 0 } ? string.Join(" ", errors.Values.SelectMany(messages => messages)) : detail;
}

/// <summary>The seed's error object: what its client shows (<c>error.message</c>), and our <c>code</c>.</summary>
public sealed record SeedError(string Code, string Message);

/// <summary>One record in the seed's envelope.</summary>
public sealed record Envelope<T>(bool Success, T Data)
{
    public static Envelope<T> Of(T data) => new(true, data);
}

/// <summary>A page in the seed's envelope.</summary>
public sealed record ListEnvelope<T>(bool Success, IReadOnlyList<T> Data, SeedPagination Pagination);

public sealed record SeedPagination(int Page, int Limit, long Total, long Pages)
{
    public static SeedPagination Of(PagedRequest request, long total) =>
        new(request.PageNumber, request.PageSize, total, (total + request.PageSize - 1) / request.PageSize);
}
