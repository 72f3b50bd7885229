using Marten;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace Commerce.Api.Access;

/// <summary>
/// This node's cache of stored API keys (unknown ids included, as null), so that a request costs no key lookup.
/// A revocation committed on any node reaches every node's <see cref="RevocationListener"/>, which evicts the key here:
/// while it listens, a key stays cached for <see cref="WhileListening"/> at most, only to bound memory. While it does
/// not (starting, database outage, reconnecting), a notification may be missed, so keys stay for
/// <see cref="WhileNotListening"/>; losing and regaining the listening connection each drop every cached key.
/// </summary>
internal sealed class ApiKeyCache(IDocumentStore store, IMemoryCache cache)
{
    public static readonly TimeSpan WhileListening = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan WhileNotListening = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private CancellationTokenSource _everyKey = new();   // cancelled to drop every cached key at once
    // Counts evictions. A key loaded while one happened may have been read just before its revocation committed:
    // it is answered for the request that loaded it but not cached, or it would outlive the revocation's eviction.
    private long _evictions;
    private bool _listening;

    public bool IsListening
    {
        get { lock (_gate) return _listening; }
    }

    public async Task<ApiKey?> FindAsync(string keyId, CancellationToken ct)
    {
        if (cache.TryGetValue(CacheKey(keyId), out ApiKey? key)) return key;

        long evictionsBefore;
        lock (_gate) evictionsBefore = _evictions;
        await using (var session = store.QuerySession())
            key = await session.LoadAsync<ApiKey>(keyId, ct);

        lock (_gate)
        {
            if (_evictions != evictionsBefore) return key;
            using var entry = cache.CreateEntry(CacheKey(keyId));
            entry.Value = key;
            entry.AbsoluteExpirationRelativeToNow = _listening ? WhileListening : WhileNotListening;
            entry.AddExpirationToken(new CancellationChangeToken(_everyKey.Token));
        }
        return key;
    }

    /// <summary>A revocation of <paramref name="keyId"/> committed.</summary>
    public void Evict(string keyId)
    {
        lock (_gate)
        {
            _evictions++;
            cache.Remove(CacheKey(keyId));
        }
    }

    /// <summary>
    /// The node listens (again): every revocation from now on will be heard. Those committed while it did not were
    /// missed, so everything cached before goes.
    /// </summary>
    public void StartedListening() => SetListening(true);

    /// <summary>The node no longer listens: keys cached on the promise of an eviction go, the next ones stay briefly.</summary>
    public void StoppedListening() => SetListening(false);

    private void SetListening(bool listening)
    {
        lock (_gate)
        {
            _listening = listening;
            _evictions++;
            _everyKey.Cancel();
            _everyKey = new CancellationTokenSource();
        }
    }

    private static string CacheKey(string keyId) => "api-key:" + keyId;
}
