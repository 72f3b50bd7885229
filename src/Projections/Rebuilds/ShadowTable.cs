using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Marten;
using Marten.Schema;
using JasperFx.MultiTenancy;
using EnumStorage = Weasel.Core.EnumStorage;
using Npgsql;
using NpgsqlTypes;

namespace Commerce.Projections.Rebuilds;

/// <summary>
/// A fresh copy of a document table: filled by one COPY while it has no index or trigger, then indexed as the live table
/// is, then swapped in for it by renames, and given the live table's triggers. Overwriting every row in place instead (an upsert into four indexes per document, and a
/// dead row each) doubled PostgreSQL's work in a rebuild (bench/findings.md, 6). It all runs in one transaction on one
/// connection, so a failed rebuild leaves nothing behind, and readers see the live table, untouched, until the swap
/// commits.
/// </summary>
/// <remarks>
/// Marten internals: the shadow must be the table Marten would have written. It copies the live table's shape
/// (<c>like ... including all</c>: columns, defaults, checks; never foreign keys, which none of our read models has) and
/// writes the columns Marten's document writes fill for these tables (<see cref="CopyAsync"/>), reading duplicated
/// columns through Marten's <c>DocumentMapping</c>. The indexes and constraints get the live names back, so Marten's
/// schema check finds the table it created. Re-check on each Marten upgrade, and when a read model turns on a document
/// metadata column (created-at, correlation, causation, last-modified-by, headers, soft delete): Marten would write it,
/// the shadow would leave it at its default.
/// </remarks>
internal sealed partial class ShadowTable : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private readonly DocumentMapping mapping;
    private readonly ISerializer serializer;
    private readonly string live, liveName, shadow, token;
    private readonly (string Column, NpgsqlDbType Type, Func<object, object?> Read)[] duplicated;

    private ShadowTable(NpgsqlConnection connection, NpgsqlTransaction transaction, DocumentMapping mapping, ISerializer serializer)
    {
        (this.connection, this.transaction, this.mapping, this.serializer) = (connection, transaction, mapping, serializer);
        (live, liveName) = (mapping.TableName.QualifiedName, mapping.TableName.Name);
        // Names of the shadow and its indexes, unique to this rebuild (and short: PostgreSQL cuts names at 63 bytes).
        token = "mt_rebuild_" + Guid.NewGuid().ToString("N")[..8];
        shadow = $"{mapping.TableName.Schema}.{token}";
        duplicated = mapping.DuplicatedFields.Select(f => (f.ColumnName, f.DbType, ReaderOf(f.Members, mapping.EnumStorage))).ToArray();
    }

    public static async Task<ShadowTable> CreateAsync(IDocumentStore store, Type documentType, CancellationToken ct)
    {
        var mapping = (DocumentMapping)store.Options.FindOrResolveDocumentType(documentType);
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        var table = new ShadowTable(connection, await connection.BeginTransactionAsync(ct), mapping, store.Options.Serializer());
        try
        {
            await table.ExecuteAsync($"create table {table.shadow} (like {table.live} including all excluding indexes)", ct);
            return table;
        }
        catch
        {
            await table.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Writes the documents as Marten's upserts would: same serializer, type name, tenant, version and duplicated columns.
    /// (Marten's SQL backfill of a duplicated column would parse times from the JSON text, rounding where the upsert
    /// truncates.)
    /// </summary>
    /// <remarks>
    /// Marten internals: the columns of Marten's upsert (tenant_id, id, data, mt_dotnet_type as the type's full name,
    /// mt_version, the duplicated columns as the members' values, enums as the store's enum storage), and mt_last_modified
    /// left to its <c>transaction_timestamp()</c> default, which is what the upsert sets. Re-check on each Marten upgrade.
    /// </remarks>
    public async Task CopyAsync(ChannelReader<IReadOnlyList<ProjectedDocument>> batches, Action<int> written, CancellationToken ct)
    {
        var conjoined = mapping.TenancyStyle == TenancyStyle.Conjoined;
        var typeName = mapping.DocumentType.FullName;
        var columns = (conjoined ? "tenant_id, " : "") + "id, data, mt_dotnet_type, mt_version" + string.Concat(duplicated.Select(d => ", " + d.Column));
        await using var import = await connection.BeginBinaryImportAsync($"copy {shadow} ({columns}) from stdin (format binary)", ct);
        await foreach (var batch in batches.ReadAllAsync(ct))
        {
            foreach (var document in batch)
            {
                await import.StartRowAsync(ct);
                if (conjoined) await import.WriteAsync(document.Tenant, NpgsqlDbType.Varchar, ct);
                await import.WriteAsync(document.Id, NpgsqlDbType.Varchar, ct);
                await import.WriteAsync(serializer.ToJson(document.Document), NpgsqlDbType.Jsonb, ct);
                await import.WriteAsync(typeName, NpgsqlDbType.Varchar, ct);
                await import.WriteAsync(document.Version, NpgsqlDbType.Bigint, ct);
                foreach (var (_, type, read) in duplicated)
                {
                    if (read(document.Document) is { } value) await import.WriteAsync(value, type, ct);
                    else await import.WriteNullAsync(ct);
                }
            }
            written(batch.Count);
        }
        await import.CompleteAsync(ct);
    }

    /// <summary>
    /// Builds the live table's indexes and constraints on the shadow, replaces the live table with it and gives it the
    /// live table's triggers; then recounts what those triggers would have kept beside the rows had they been there when
    /// the shadow was filled (<see cref="TriggerRecounts"/>). All in the one transaction. A reader still holding the live
    /// table after <paramref name="lockWait"/> fails the swap rather than queue every reader behind it.
    /// </summary>
    public async Task SwapAsync(TimeSpan lockWait, CancellationToken ct)
    {
        var renames = new List<string>();
        var triggers = await LiveTriggersAsync(ct);
        var indexes = await LiveIndexesAsync(ct);
        for (var i = 0; i < indexes.Count; i++)
        {
            var (name, definition, constraint, kind) = indexes[i];
            var temporary = $"{token}_{i}";
            var parts = IndexDefinition().Match(definition);
            if (!parts.Success) throw new NotSupportedException($"Unexpected definition of index {name}: {definition}");
            await ExecuteAsync($"create {parts.Groups["unique"].Value}index {temporary} on {shadow} {parts.Groups["rest"].Value}", ct);
            if (constraint is null)
            {
                renames.Add($"alter index {mapping.TableName.Schema}.{temporary} rename to {Quote(name)}");
                continue;
            }
            // Renaming the constraint renames its index too.
            var constraintKind = kind switch
            {
                'p' => "primary key",
                'u' => "unique",
                _ => throw new NotSupportedException($"Unexpected kind '{kind}' of constraint {constraint}.")
            };
            await ExecuteAsync($"alter table {shadow} add constraint {temporary} {constraintKind} using index {temporary}", ct);
            renames.Add($"alter table {live} rename constraint {temporary} to {Quote(constraint)}");
        }

        await ExecuteAsync($"set local lock_timeout = {(int)lockWait.TotalMilliseconds}", ct);
        await ExecuteAsync($"drop table {live}", ct);
        await ExecuteAsync($"alter table {shadow} rename to {Quote(liveName)}", ct);
        foreach (var rename in renames) await ExecuteAsync(rename, ct);
        // Each definition names the live table, which is now the shadow.
        foreach (var trigger in triggers) await ExecuteAsync(trigger, ct);
        if (TriggerRecounts.For(mapping.DocumentType) is { } recount) await ExecuteAsync(recount(mapping.TableName.Schema, live), ct);
        await transaction.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();   // rolls back, and so drops the shadow, unless the swap committed
        await connection.DisposeAsync();
    }

    private async Task<List<(string Name, string Definition, string? Constraint, char Kind)>> LiveIndexesAsync(CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            select index.relname, pg_get_indexdef(i.indexrelid), c.conname, c.contype
            from pg_index i
                join pg_class index on index.oid = i.indexrelid
                left join pg_constraint c on c.conindid = i.indexrelid and c.conrelid = i.indrelid
            where i.indrelid = @table::regclass
            order by index.relname
            """, connection, transaction);
        command.Parameters.AddWithValue("table", live);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var indexes = new List<(string, string, string?, char)>();
        while (await reader.ReadAsync(ct))
            indexes.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? ' ' : reader.GetChar(3)));
        return indexes;
    }

    // Not the ones PostgreSQL makes for constraints: those come with the constraints.
    private async Task<List<string>> LiveTriggersAsync(CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "select pg_get_triggerdef(oid) from pg_trigger where tgrelid = @table::regclass and not tgisinternal order by tgname",
            connection, transaction);
        command.Parameters.AddWithValue("table", live);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var triggers = new List<string>();
        while (await reader.ReadAsync(ct)) triggers.Add(reader.GetString(0));
        return triggers;
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The value of a duplicated member (say <c>x.State.CreatedAt</c>), null when a member on the way is.</summary>
    private static Func<object, object?> ReaderOf(MemberInfo[] members, EnumStorage enums) => document =>
    {
        object? value = document;
        foreach (var member in members)
            value = value is null ? null : member switch
            {
                PropertyInfo property => property.GetValue(value),
                FieldInfo field => field.GetValue(value),
                _ => throw new NotSupportedException($"Cannot read duplicated member {member.Name}.")
            };
        return value switch
        {
            Enum e when enums == EnumStorage.AsString => e.ToString(),
            Enum e => Convert.ToInt32(e),
            _ => value
        };
    };

    private static string Quote(string identifier) => '"' + identifier.Replace("\"", "\"\"") + '"';

    [GeneratedRegex(@"^CREATE (?<unique>UNIQUE )?INDEX \S+ ON (ONLY )?\S+ (?<rest>USING .+)$", RegexOptions.Singleline)]
    private static partial Regex IndexDefinition();
}
