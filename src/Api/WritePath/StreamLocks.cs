using Marten;
using Npgsql;

namespace Commerce.Api.WritePath;

/// <summary>
/// A transaction that several streams share (group commit across streams) never waits for a row another session
/// holds: it takes its streams' rows first and skips the held ones; when any was held it fails at once, naming them,
/// before it wrote anything. The dispatcher then runs those streams alone, to wait as a command alone does, and
/// commits the others together again without them (<see cref="CommandDispatcher"/>).
/// </summary>
/// <remarks>
/// Why not <c>SET LOCAL lock_timeout</c>: it reaches Marten's append (same connection, same transaction), but the
/// lock timeout it raises (55P03) is an error Marten's write retry counts as safe to replay, and Marten replays the
/// unit of work on a newly opened connection in a new transaction (the failed one is rolled back and its connection
/// closed), where the setting is gone; the replay waited the whole command timeout.
/// </remarks>
internal static class StreamLocks
{
    /// <summary>
    /// Locks, in the session's transaction, the rows of the given streams that exist (a new stream has none yet),
    /// as the append would (<c>FOR NO KEY UPDATE</c>), without waiting: the append then cannot wait for another
    /// session either. Throws <see cref="StreamsLockedException"/> when another session holds some of them.
    /// </summary>
    public static async Task LockAllOrFailAsync(this IDocumentSession session, IReadOnlyList<string> streamIds, CancellationToken ct)
    {
        var streams = $"{session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams";
        await using var take = new NpgsqlCommand(
            $"""
             with taken as (select id from {streams} where tenant_id = $1 and id = any($2) for no key update skip locked)
             select id from {streams} where tenant_id = $1 and id = any($2)
             except select id from taken
             """, session.Connection)
        {
            Parameters = { new() { Value = session.TenantId }, new() { Value = streamIds.ToArray() } }
        };
        var held = new List<string>();
        await using (var reader = await take.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) held.Add(reader.GetString(0));
        if (held.Count > 0) throw new StreamsLockedException(held);
    }
}

/// <summary>Another session holds the rows of these streams; the shared transaction wrote nothing.</summary>
internal sealed class StreamsLockedException(IReadOnlyCollection<string> streamIds)
    : Exception($"Another session holds the row of stream(s) {string.Join(", ", streamIds)}.")
{
    public IReadOnlyCollection<string> StreamIds { get; } = streamIds;
}
