using System.Diagnostics;
using Commerce.Domain.Inventory;
using JasperFx;
using JasperFx.Events;
using JasperFx.MultiTenancy;
using Marten;
using Npgsql;
using Weasel.Core;

namespace Commerce.Faults;

/// <summary>The fault suite's own PostgreSQL cluster (pg_ctl as the postgres OS user) and what it reads from it.</summary>
public sealed class Database(Settings settings)
{
    public async Task PgCtlAsync(params string[] args)
    {
        var root = Environment.UserName == "root";
        var info = new ProcessStartInfo(root ? "runuser" : Path.Combine(settings.PgBin, "pg_ctl")) { UseShellExecute = false, WorkingDirectory = "/" };
        if (root) foreach (var a in new[] { "-u", "postgres", "--", Path.Combine(settings.PgBin, "pg_ctl") }) info.ArgumentList.Add(a);
        foreach (var a in new[] { "-D", settings.PgData }.Concat(args)) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"pg_ctl {string.Join(' ', args)} exited {p.ExitCode}");
    }

    public Task StopFastAsync() => PgCtlAsync("-m", "fast", "-w", "stop");
    public Task StartAsync() => PgCtlAsync("-w", "-l", Path.Combine(settings.PgData, "..", "postgresql.log"), "start");

    public NpgsqlConnection Open()
    {
        var c = new NpgsqlConnection(settings.ConnectionString + ";Pooling=false");   // the suite restarts the server under it
        c.Open();
        return c;
    }

    public async Task<long> ScalarAsync(string sql, params (string, object)[] parameters)
    {
        await using var c = Open();
        await using var cmd = new NpgsqlCommand(sql, c);
        foreach (var (k, v) in parameters) cmd.Parameters.AddWithValue(k, v);
        return await cmd.ExecuteScalarAsync() is { } value and not DBNull ? Convert.ToInt64(value) : 0;
    }

    public Task<long> ProjectionProgressAsync() =>
        ScalarAsync("select coalesce(max(last_seq_id), 0) from commerce.mt_event_progression where name like 'InventoryItemView:%'");

    public Task<long> EventCountAsync(string tenant, string type) =>
        ScalarAsync("select count(*) from commerce.mt_events where tenant_id = @t and type = @type", ("t", tenant), ("type", type));

    public Task<long> LastEventAsync() => ScalarAsync("select coalesce(max(seq_id), 0) from commerce.mt_events");

    /// <summary>Reason -> times it is stored, and per SKU the sum of deltas, of one tenant's stock_adjusted events.</summary>
    public async Task<(Dictionary<string, int> Reasons, Dictionary<string, long> Sums)> StoredAdjustmentsAsync(string tenant)
    {
        var reasons = new Dictionary<string, int>();
        var sums = new Dictionary<string, long>();
        await using var c = Open();
        await using var cmd = new NpgsqlCommand(
            "select stream_id, data->>'Reason', (data->>'Delta')::bigint from commerce.mt_events where tenant_id = @t and type = 'stock_adjusted'", c);
        cmd.Parameters.AddWithValue("t", tenant);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var reason = r.IsDBNull(1) ? "" : r.GetString(1);
            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            sums[r.GetString(0)] = sums.GetValueOrDefault(r.GetString(0)) + r.GetInt64(2);
        }
        return (reasons, sums);
    }

    public async Task<Dictionary<string, long>> ReadModelTotalsAsync(string tenant)
    {
        var totals = new Dictionary<string, long>();
        await using var c = Open();
        await using var cmd = new NpgsqlCommand(
            "select id, (data->>'TotalStock')::bigint from commerce.mt_doc_inventoryitemview where tenant_id = @t", c);
        cmd.Parameters.AddWithValue("t", tenant);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) totals[r.GetString(0)] = r.GetInt64(1);
        return totals;
    }

    /// <summary>Appends an event that breaks a domain invariant (negative stock), as a corrupt import would.</summary>
    public async Task AppendPoisonAsync(string tenant, string sku)
    {
        await using var store = DocumentStore.For(o =>
        {
            o.Connection(settings.ConnectionString);
            o.DatabaseSchemaName = "commerce";
            o.AutoCreateSchemaObjects = AutoCreate.None;
            o.UseSystemTextJsonForSerialization(EnumStorage.AsString);
            o.Events.StreamIdentity = StreamIdentity.AsString;
            o.Events.TenancyStyle = TenancyStyle.Conjoined;
            o.Policies.AllDocumentsAreMultiTenanted();
            o.Events.AppendMode = EventAppendMode.Quick;
            o.Events.MetadataConfig.EnableAll();
            o.Events.MetadataConfig.UserNameEnabled = true;
        });
        await using var session = store.LightweightSession(tenant);
        session.Events.Append(sku, new StockAdjusted(sku, -1_000_000, -999_000, "poison", DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
    }
}
