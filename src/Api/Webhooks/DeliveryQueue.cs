using System.Security.Cryptography;
using System.Text;
using Commerce.Api.WritePath;
using Commerce.Domain.Webhooks;
using Commerce.Projections.Webhooks;
using Marten;
using SessionOptions = Marten.Services.SessionOptions;
using Npgsql;

namespace Commerce.Api.Webhooks;

/// <summary>
/// One webhook's deliveries still to send, read in order from PostgreSQL and held by one sender at a time across
/// nodes (a session advisory lock on a connection of its own; a node that dies drops the connection, and with it the
/// lock). What the sender decides is written behind its back: <see cref="RecordAsync"/> returns at once, and the
/// writes queued meanwhile go in one transaction as soon as the previous one has committed, so the next delivery never
/// waits for the last one's bookkeeping. A write that never commits (the node dies) leaves its deliveries waiting, and
/// they are sent again: at least once. Every read and write goes through the lock's connection, so a sender that lost
/// its lock (connection gone) cannot write either.
/// </summary>
internal sealed class DeliveryQueue : IAsyncDisposable
{
    // Two-key advisory locks live apart from Marten's one-key ones; the first key names what the second one locks.
    private const int LockClass = 0x57484b;   // "WHK"

    /// <summary>Sends keep going while fewer writes than this wait; beyond it the sender waits for the database.</summary>
    private const int MaxUnwritten = 1_000;

    private readonly IDocumentStore _store;
    private readonly NpgsqlConnection _connection;
    private readonly string _tenant;
    private readonly string _webhookId;
    private readonly int _lockKey;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WebhookDelivery> _unwritten = new();
    private WebhookHealth? _unwrittenHealth;
    private Task _writing = Task.CompletedTask;

    private DeliveryQueue(IDocumentStore store, NpgsqlConnection connection, string tenant, string webhookId, int lockKey)
    {
        (_store, _connection, _tenant, _webhookId, _lockKey) = (store, connection, tenant, webhookId, lockKey);
    }

    /// <summary>The webhook's queue, or null while another sender (on this node or another) holds it.</summary>
    public static async Task<DeliveryQueue?> TryTakeAsync(IDocumentStore store, string tenant, string webhookId, CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        try
        {
            await connection.OpenAsync(ct);
            var key = BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}|{webhookId}")));
            await using var take = new NpgsqlCommand("select pg_try_advisory_lock($1, $2)", connection) { Parameters = { new() { Value = LockClass }, new() { Value = key } } };
            if (await take.ExecuteScalarAsync(ct) is true) return new DeliveryQueue(store, connection, tenant, webhookId, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>What the next decisions read: the webhook, its health and secrets, and its next waiting deliveries in order.</summary>
    public async Task<(Webhook? Webhook, WebhookHealth? Health, WebhookSecrets? Secrets, IReadOnlyList<WebhookDelivery> Next)> ReadAsync(
        string afterSortKey, int limit, CancellationToken ct)
    {
        await FlushAsync(ct);   // one command at a time on the connection, and what is read back is what was decided
        return await InTransactionAsync(async session =>
        {
            var webhook = await session.Events.FetchLatest<Webhook>(_webhookId, ct);
            var batch = session.CreateBatchQuery();
            var health = batch.Load<WebhookHealth>(_webhookId);
            var secrets = batch.Load<WebhookSecrets>(_webhookId);
            await batch.Execute(ct);
            var next = await session.QueryAsync<WebhookDelivery>(
                $"where d.tenant_id = ? and d.webhook_id = ? and {WebhooksRegistration.Waiting} and d.sort_key > ? order by d.sort_key limit {limit}",
                ct, _tenant, _webhookId, afterSortKey);
            return (webhook, await health, await secrets, next);
        }, ct);
    }

    /// <summary>Queues the delivery (and the health, when it changed) for writing; waits only when far behind.</summary>
    public async ValueTask RecordAsync(WebhookDelivery delivery, WebhookHealth? health, CancellationToken ct)
    {
        int unwritten;
        lock (_gate)
        {
            _unwritten[delivery.Id] = delivery;
            _unwrittenHealth = health ?? _unwrittenHealth;
            unwritten = _unwritten.Count;
            if (_writing.IsCompleted && !_writing.IsFaulted) _writing = WriteAsync(ct);
        }
        if (_writing.IsFaulted || unwritten >= MaxUnwritten) await _writing;
    }

    /// <summary>Waits until everything recorded is committed.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        while (true)
        {
            await _writing;
            lock (_gate)
            {
                if (_unwritten.Count == 0 && _unwrittenHealth is null) return;
                _writing = WriteAsync(ct);
            }
        }
    }

    /// <summary>
    /// Writes what is recorded, then appends the sender's own <see cref="DisableFailingWebhook"/>, caused by the delivery that
    /// gave up (audit shows who disabled the webhook and why); answers the webhook as it is now.
    /// </summary>
    public async Task<Webhook?> DisableAsync(string reason, WebhookDelivery cause, string? correlationId, TimeProvider clock, CancellationToken ct)
    {
        await FlushAsync(ct);
        var command = new Batched<DisableFailingWebhook>(new DisableFailingWebhook(_webhookId, reason),
            CommandMetadata.System("webhook-sender", correlationId ?? cause.Id, cause.Id));
        var outcome = await InTransactionAsync(session =>
            session.DecideAsync<DisableFailingWebhook, Webhook>(command, WebhookDecisions.Decide, Webhook.Evolve, clock, ct), ct);
        return outcome is WriteOutcome<Webhook>.Written(var disabled, _, _) ? disabled : null;
    }

    // Everything recorded so far in one transaction, again while more was recorded meanwhile.
    private async Task WriteAsync(CancellationToken ct)
    {
        await Task.Yield();   // the recording caller goes on sending
        while (true)
        {
            WebhookDelivery[] deliveries;
            WebhookHealth? health;
            lock (_gate)
            {
                if (_unwritten.Count == 0 && _unwrittenHealth is null) return;
                (deliveries, health) = (_unwritten.Values.ToArray(), _unwrittenHealth);
                _unwritten.Clear();
                _unwrittenHealth = null;
            }
            await InTransactionAsync(session =>
            {
                session.Store(deliveries);
                if (health is not null) session.Store(health);
                return Task.FromResult(true);
            }, ct);
        }
    }

    // A session on the lock's connection, in a transaction of our own: Marten closes a connection it was lent once a
    // transaction of its own commits, and with it would go the lock.
    private async Task<T> InTransactionAsync<T>(Func<IDocumentSession, Task<T>> work, CancellationToken ct)
    {
        await using var transaction = await _connection.BeginTransactionAsync(ct);
        var options = SessionOptions.ForTransaction(transaction);
        options.TenantId = _tenant;
        await using var session = _store.LightweightSession(options);
        var result = await work(session);
        await session.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);   // the connection does one thing at a time
            // A pooled connection keeps session locks until it is reset on its next use: unlock now.
            await using var release = new NpgsqlCommand("select pg_advisory_unlock($1, $2)", _connection)
                { Parameters = { new() { Value = LockClass }, new() { Value = _lockKey } } };
            await release.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The connection broke, and the lock went with it.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
