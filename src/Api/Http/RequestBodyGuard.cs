using System.Text.Json;

namespace Commerce.Api.Http;

/// <summary>
/// One gate for every request body, before any endpoint binds it: at most 1 MiB (413), JSON media type (415),
/// well-formed JSON (400 <c>invalid_json</c>). The checked bytes are buffered so later steps can read them again.
/// </summary>
internal static class RequestBodyGuard
{
    public const int MaxBytes = 1024 * 1024;
    private const string BodyKey = "commerce.body";

    public static IApplicationBuilder UseRequestBodyGuard(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsDelete(request.Method)
            || HttpMethods.IsOptions(request.Method) || !(request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0))
        {
            await next(http);
            return;
        }

        if (request.ContentLength > MaxBytes)
        {
            await Problems.WriteAsync(http, 413, "payload_too_large", $"The request body is {request.ContentLength} bytes; the limit is {MaxBytes} (1 MiB).");
            return;
        }
        if (!IsJson(request.ContentType))
        {
            await Problems.WriteAsync(http, 415, "unsupported_media_type",
                $"Send the body as application/json (got '{request.ContentType ?? "no Content-Type"}').");
            return;
        }

        var body = await ReadUpToAsync(request.Body, MaxBytes + 1, http.RequestAborted);
        if (body.Length > MaxBytes)
        {
            await Problems.WriteAsync(http, 413, "payload_too_large", $"The request body is over the {MaxBytes}-byte (1 MiB) limit.");
            return;
        }
        if (body.Length > 0 && JsonError(body) is { } error)
        {
            await Problems.WriteAsync(http, 400, "invalid_json", $"The body is not valid JSON: {error}");
            return;
        }

        http.Items[BodyKey] = body;
        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        await next(http);
    });

    /// <summary>The body the guard checked, or empty when the request had none.</summary>
    public static byte[] Body(this HttpContext http) => http.Items[BodyKey] as byte[] ?? [];

    private static bool IsJson(string? contentType) =>
        contentType is not null && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true);

    private static string? JsonError(byte[] body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            return null;
        }
        catch (JsonException e)
        {
            return $"line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}.";
        }
    }

    private static async Task<byte[]> ReadUpToAsync(Stream stream, int max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length < max && (read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, max - buffer.Length)), ct)) > 0)
            buffer.Write(chunk, 0, read);
        return buffer.ToArray();
    }
}
