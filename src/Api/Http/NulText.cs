using System.Text.Json;

namespace Commerce.Api.Http;

/// <summary>
/// Text holding U+0000 (NUL) is refused with a 400 <c>validation_failed</c> naming where it was, before any endpoint
/// runs: PostgreSQL stores no NUL in text or jsonb, so such a value would otherwise fail in a query or an append, as a
/// 500. Checked in the query string and (by <see cref="RequestBodyGuard"/>) in every string and name of a body; a path
/// holding one never gets here (ASP.NET Core refuses it).
/// </summary>
internal static class NulText
{
    /// <summary>The query string.</summary>
    public static IApplicationBuilder UseNulTextGuard(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (FieldIn(http.Request) is { } field)
        {
            await RefuseAsync(http, field);
            return;
        }
        await next(http);
    });

    public static Task RefuseAsync(HttpContext http, string field) =>
        Problems.WriteAsync(http, 400, "validation_failed", ValidationProblems.DetailOf([field]),
            new Dictionary<string, string[]> { [field] = [$"{field} must not contain the NUL character (U+0000)."] });

    private static string? FieldIn(HttpRequest request)
    {
        // A URL carries a NUL only percent-encoded (Kestrel refuses the raw byte), so most requests are done here.
        if (request.QueryString.Value?.Contains("%00", StringComparison.Ordinal) != true) return null;
        foreach (var (name, values) in request.Query)
            if (name.Contains('\0') || values.Any(v => v?.Contains('\0') == true))
                return name;
        return null;
    }

    /// <summary>Where the first NUL of a well-formed JSON body is (<c>items[0].sku</c>), or null when it has none.</summary>
    public static string? FieldIn(byte[] json)
    {
        // In JSON a NUL can only be written escaped; without the escape there is nothing to look for.
        if (json.AsSpan().IndexOf("\\u0000"u8) < 0) return null;
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        return FieldIn(document.RootElement, "");
    }

    private static string? FieldIn(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.String => Text(element.GetString)?.Contains('\0') == true ? Named(path) : null,
        JsonValueKind.Object => element.EnumerateObject()
            .Select(p => Text(() => p.Name) is { } name
                ? name.Contains('\0') ? Named(path) : FieldIn(p.Value, path.Length == 0 ? name : $"{path}.{name}")
                : FieldIn(p.Value, path))
            .FirstOrDefault(found => found is not null),
        JsonValueKind.Array => element.EnumerateArray()
            .Select((item, i) => FieldIn(item, $"{path}[{i}]"))
            .FirstOrDefault(found => found is not null),
        _ => null
    };

    /// <summary>
    /// A string's text, or null for one that is no valid UTF-16 (an escaped lone surrogate, which JSON's grammar allows):
    /// such text is not read here, and binding refuses it with a 400 of its own.
    /// </summary>
    private static string? Text(Func<string?> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string Named(string path) => path.Length == 0 ? "body" : path;
}
