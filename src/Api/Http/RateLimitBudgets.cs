using System.Collections.Concurrent;
using Marten;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Commerce.Api.Http;

/// <summary>
/// The budgets every node leases from: one row per key, endpoint group and window in PostgreSQL, counting the units
/// handed out to nodes (net of returns). A lease is one statement, so two nodes never get the same unit, and the
/// units handed out never exceed the limit.
/// </summary>
internal sealed class RateLimitBudgets(IDocumentStore store)
{
    private const string TableName = "rate_limit_budgets";

    // Rows stay this long after their window ended, so nodes whose clocks lag a little still find theirs.
    private static readonly TimeSpan KeepEnded = TimeSpan.FromMinutes(1);

    private readonly ConcurrentQueue<(RateLimitWindow Window, int Units)> _returns = new();
    private string Table => $"{store.Options.DatabaseSchemaName}.{TableName}";

    /// <summary>The table, created with the rest of the schema (Marten's extended schema objects).</summary>
    public static Table Definition(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn("client", "text").AsPrimaryKey();
        table.AddColumn("endpoint_group", "text").AsPrimaryKey();
        table.AddColumn("window_start", "timestamp with time zone").AsPrimaryKey();
        table.AddColumn("window_end", "timestamp with time zone").NotNull();
        table.AddColumn("granted", "integer").NotNull();
        // What the last lease got: RETURNING sees only the updated row, so the statement keeps it beside the total.
        table.AddColumn("last_grant", "integer").NotNull();
        return table;
    }

    /// <summary>Up to <paramref name="want"/> units of the window, fewer (or none) when that is all that is left.</summary>
    /// <returns>The units got, and the window's units now handed out to all nodes together.</returns>
    public async Task<(int Got, int GrantedEverywhere)> LeaseAsync(RateLimitWindow window, int want)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var lease = new NpgsqlCommand($"""
            insert into {Table} as b (client, endpoint_group, window_start, window_end, granted, last_grant)
            values (@client, @group, @start, @end, least(@want, @limit), least(@want, @limit))
            on conflict (client, endpoint_group, window_start) do update
               set last_grant = least(@want, greatest(@limit - b.granted, 0)),
                   granted = b.granted + least(@want, greatest(@limit - b.granted, 0))
            returning b.last_grant, b.granted
            """, connection);
        lease.Parameters.AddWithValue("client", window.Client);
        lease.Parameters.AddWithValue("group", window.Group);
        lease.Parameters.AddWithValue("start", window.Start);
        lease.Parameters.AddWithValue("end", window.End);
        lease.Parameters.AddWithValue("want", want);
        lease.Parameters.AddWithValue("limit", window.Limit);
        await using var row = await lease.ExecuteReaderAsync();
        await row.ReadAsync();
        return (row.GetInt32(0), row.GetInt32(1));
    }

    /// <summary>Units a node will not use; they go back with the next <see cref="ReturnQueuedAsync"/>.</summary>
    public void Return(RateLimitWindow window, int units) => _returns.Enqueue((window, units));

    /// <summary>
    /// Gives the queued units back to their windows, in one statement. Best effort: units that do not make it back
    /// (database unreachable, node killed) only make that window's budget smaller, never larger.
    /// </summary>
    public async Task ReturnQueuedAsync(CancellationToken ct)
    {
        var returns = new Dictionary<(string Client, string Group, DateTimeOffset Start), int>();
        while (_returns.TryDequeue(out var r))
            returns[(r.Window.Client, r.Window.Group, r.Window.Start)] = returns.GetValueOrDefault((r.Window.Client, r.Window.Group, r.Window.Start)) + r.Units;
        if (returns.Count == 0) return;

        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var giveBack = new NpgsqlCommand($"""
            update {Table} b set granted = greatest(b.granted - r.units, 0)
              from unnest(@clients, @groups, @starts, @units) as r(client, endpoint_group, window_start, units)
             where b.client = r.client and b.endpoint_group = r.endpoint_group and b.window_start = r.window_start
            """, connection);
        giveBack.Parameters.AddWithValue("clients", returns.Keys.Select(k => k.Client).ToArray());
        giveBack.Parameters.AddWithValue("groups", returns.Keys.Select(k => k.Group).ToArray());
        giveBack.Parameters.AddWithValue("starts", returns.Keys.Select(k => k.Start).ToArray());
        giveBack.Parameters.AddWithValue("units", returns.Values.ToArray());
        await giveBack.ExecuteNonQueryAsync(ct);
    }

    public async Task DeleteEndedAsync(CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var delete = new NpgsqlCommand($"delete from {Table} where window_end < now() - @keep", connection);
        delete.Parameters.AddWithValue("keep", KeepEnded);
        await delete.ExecuteNonQueryAsync(ct);
    }
}
