using System.Security.Cryptography;
using System.Text;
using Commerce.Api.Access;
using Marten;
using JasperFx;

namespace Commerce.Api.Http;

/// <summary>The first successful answer to a POST/PATCH with an <c>Idempotency-Key</c>, kept per API key.</summary>
public sealed record IdempotentRequest
{
    public string Id { get; init; } = "";
    public string RequestHash { get; init; } = "";
    public bool Completed { get; init; }
    public int Status { get; init; }
    public string? ContentType { get; init; }
    public string? ETag { get; init; }
    public string? Location { get; init; }
    public byte[] Body { get; init; } = [];
    public DateTimeOffset StartedAt { get; init; }
}

/// <summary>
/// <c>Idempotency-Key</c> on POST and PATCH (IETF draft, Stripe's semantics): a repeat with the same key and body
/// replays the first 2xx answer with <c>Idempotent-Replayed: true</c>; the same key with another request is a 422;
/// a repeat while the first is still running is a 409. Non-2xx answers are not kept, so a client may retry them.
/// </summary>
internal static class Idempotency
{
    public const string Header = "Idempotency-Key";

    // A request still marked running after this long is taken to have died with its node.
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromSeconds(60);

    public static IApplicationBuilder UseIdempotency(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0 || !(HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPatch(http.Request.Method))
            || http.User.KeyId() is not { } keyId)
        {
            await next(http);
            return;
        }
        if (key.Length > 255 || key.Any(char.IsControl))
        {
            await Problems.WriteAsync(http, 400, "validation_failed", "Idempotency-Key must be 1 to 255 printable characters.",
                new Dictionary<string, string[]> { [Header] = ["Use a unique value per operation, such as a UUID."] });
            return;
        }

        var store = http.RequestServices.GetRequiredService<IDocumentStore>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var id = $"{keyId}:{key}";
        var hash = HashOf(http);

        var claimed = await TryClaimAsync(store, new IdempotentRequest { Id = id, RequestHash = hash, StartedAt = now }, http.RequestAborted);
        if (!claimed)
        {
            await using var query = store.QuerySession();
            var first = await query.LoadAsync<IdempotentRequest>(id, http.RequestAborted);
            if (first is not null && first.RequestHash != hash)
            {
                await Problems.WriteAsync(http, 422, "idempotency_key_reused", "This Idempotency-Key was used for a different request; use a new key.");
                return;
            }
            if (first is { Completed: true })
            {
                await ReplayAsync(http, first);
                return;
            }
            if (first is not null && now - first.StartedAt < AbandonedAfter)
            {
                http.Response.Headers.RetryAfter = "1";
                await Problems.WriteAsync(http, 409, "idempotency_in_progress", "A request with this Idempotency-Key is still running; retry shortly.");
                return;
            }
            await using var takeover = store.LightweightSession();
            takeover.Store(new IdempotentRequest { Id = id, RequestHash = hash, StartedAt = now });
            await takeover.SaveChangesAsync(http.RequestAborted);
        }

        var original = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
            await RecordAsync(store, id, hash, now, http, captured.ToArray());
            captured.Position = 0;
            await captured.CopyToAsync(original, CancellationToken.None);
        }
    });

    private static async Task<bool> TryClaimAsync(IDocumentStore store, IdempotentRequest pending, CancellationToken ct)
    {
        try
        {
            await using var session = store.LightweightSession();
            session.Insert(pending);
            await session.SaveChangesAsync(ct);
            return true;
        }
        catch (DocumentAlreadyExistsException)
        {
            return false;
        }
    }

    private static async Task RecordAsync(IDocumentStore store, string id, string hash, DateTimeOffset startedAt, HttpContext http, byte[] body)
    {
        await using var session = store.LightweightSession();
        if (http.Response.StatusCode is >= 200 and < 300)
            session.Store(new IdempotentRequest
            {
                Id = id, RequestHash = hash, Completed = true, Status = http.Response.StatusCode, ContentType = http.Response.ContentType,
                ETag = http.Response.Headers.ETag, Location = http.Response.Headers.Location, Body = body, StartedAt = startedAt
            });
        else
            session.Delete<IdempotentRequest>(id);
        await session.SaveChangesAsync(CancellationToken.None);
    }

    private static async Task ReplayAsync(HttpContext http, IdempotentRequest first)
    {
        http.Response.StatusCode = first.Status;
        http.Response.ContentType = first.ContentType;
        if (first.ETag is { Length: > 0 }) http.Response.Headers.ETag = first.ETag;
        if (first.Location is { Length: > 0 }) http.Response.Headers.Location = first.Location;
        http.Response.Headers["Idempotent-Replayed"] = "true";
        await http.Response.Body.WriteAsync(first.Body, http.RequestAborted);
    }

    private static string HashOf(HttpContext http)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}\n"));
        sha.AppendData(http.Body());
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
