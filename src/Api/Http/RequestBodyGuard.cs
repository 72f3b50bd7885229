using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Commerce.Api.Http;

/// <summary>
/// One gate for every request body, before any endpoint binds it: at most 1 MiB (413), JSON media type in UTF-8
/// (415), well-formed JSON (400 <c>invalid_json</c>) with no NUL in its text (400 <c>validation_failed</c>,
/// <see cref="NulText"/>). The checked bytes are buffered so later steps can read them again.
/// </summary>
internal static class RequestBodyGuard
{
    public const int MaxBytes = 1024 * 1024;
    private const string BodyKey = "commerce.body";
    private const string Accepted = "application/json (or another +json type) in UTF-8, with no charset or charset=utf-8";

    public static IApplicationBuilder UseRequestBodyGuard(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var request = http.Request;
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (!hasBody && TakesNoBody(request.Method))
        {
            // A Content-Type here describes nothing, yet the endpoints' binder would read a JSON body because of it: a 400
            // for JSON that is not there, a 500 for a charset it cannot resolve.
            request.ContentType = null;
            await next(http);
            return;
        }

        var media = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed : null;
        // The binder resolves a JSON body's charset itself and throws (a 500) on one it does not know, a quoted "utf-8"
        // included, even when the body is empty.
        if (media is not null && IsJson(media) && media.Parameters.Any(IsCharset))
        {
            if (!DeclaresUtf8(media))
            {
                await Problems.WriteAsync(http, 415, "unsupported_media_type", $"Send the body as {Accepted} (got '{request.ContentType}').");
                return;
            }
            request.ContentType = WithoutCharset(media);
        }

        if (!hasBody || TakesNoBody(request.Method))
        {
            await next(http);
            return;
        }

        if (request.ContentLength > MaxBytes)
        {
            await Problems.WriteAsync(http, 413, "payload_too_large", $"The request body is {request.ContentLength} bytes; the limit is {MaxBytes} (1 MiB).");
            return;
        }
        if (media is null || !IsJson(media))
        {
            await Problems.WriteAsync(http, 415, "unsupported_media_type",
                $"Send the body as {Accepted} (got '{request.ContentType ?? "no Content-Type"}').");
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
        if (NulText.FieldIn(body) is { } field)
        {
            await NulText.RefuseAsync(http, field);
            return;
        }

        http.Items[BodyKey] = body;
        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        await next(http);
    });

    /// <summary>The body the guard checked, or empty when the request had none.</summary>
    public static byte[] Body(this HttpContext http) => http.Items[BodyKey] as byte[] ?? [];

    private static bool TakesNoBody(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsDelete(method) || HttpMethods.IsOptions(method);

    private static bool IsJson(MediaTypeHeaderValue media) =>
        media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || media.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>JSON is UTF-8 (RFC 8259 §8.1); a charset, quoted or not, in any case, may only say so.</summary>
    private static bool DeclaresUtf8(MediaTypeHeaderValue media) => media.Parameters.Where(IsCharset)
        .All(p => HeaderUtilities.UnescapeAsQuotedString(p.Value).Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>The same media type without its charset, which the binder then reads as the UTF-8 it is.</summary>
    private static string WithoutCharset(MediaTypeHeaderValue media)
    {
        foreach (var charset in media.Parameters.Where(IsCharset).ToList()) media.Parameters.Remove(charset);
        return media.ToString();
    }

    private static bool IsCharset(NameValueHeaderValue parameter) => parameter.Name.Equals("charset", StringComparison.OrdinalIgnoreCase);

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
