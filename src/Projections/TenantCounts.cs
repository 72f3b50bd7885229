using Marten;
using Marten.Schema;
using Marten.Services.BatchQuerying;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql.Triggers;

namespace Commerce.Projections;

/// <summary>A figure a counts table keeps per tenant: its column, its name in the counts record, and what one document row adds to it.</summary>
public sealed record TenantFigure(string Column, string Name, Func<string, string> OfRow)
{
    /// <summary>What a row adds when it meets <paramref name="condition"/>: 1, else 0.</summary>
    public static string Count(string condition) => $"(({condition}) is true)::int";
}

/// <summary>
/// A table of figures per tenant (<see cref="TenantCountsStorage{TCounts}"/> keeps it), read as a <typeparamref name="TCounts"/>
/// whose properties are named as the figures.
/// </summary>
public sealed class TenantCounts<TCounts>(string table, params TenantFigure[] figures) where TCounts : class
{
    public string Table => table;
    public IReadOnlyList<TenantFigure> Figures => figures;

    /// <summary>The figures of the session's tenant (null before its first document), read with the other queries of <paramref name="batch"/>.</summary>
    public async Task<TCounts?> ReadAsync(IBatchedQuery batch, IQuerySession session)
    {
        var rows = batch.Query<TCounts>(
            $"select json_build_object({string.Join(", ", figures.Select(f => $"'{f.Name}', {f.Column}"))}) " +
            $"from {session.DocumentStore.Options.DatabaseSchemaName}.{table} where tenant_id = ?", session.TenantId);
        return (await rows).SingleOrDefault();
    }

    /// <summary>Replaces every tenant's figures with a count of the documents' table as it is.</summary>
    public string RecountSql(string schema, string documents) =>
        $"""
         DELETE FROM {schema}.{table};
         INSERT INTO {schema}.{table} (tenant_id, {string.Join(", ", figures.Select(f => f.Column))})
         SELECT d.tenant_id, {string.Join(", ", figures.Select(f => $"sum({f.OfRow("d")})"))} FROM {documents} d GROUP BY d.tenant_id;
         """;
}

/// <summary>
/// Keeps figures per tenant (counts, sums) in a table beside a read model's documents, so a list reads its totals in one
/// row instead of scanning the tenant's documents on every call. A trigger on the documents' table adds each written
/// row's figures and takes away the figures of the row it replaced, in the same transaction: the figures agree with the
/// documents at every moment, whatever writes them (the daemon, Marten's rebuild, a truncate), and cost one row update
/// per document written. The serving rebuild swaps the documents' table for a new one, so it recreates the trigger and
/// recounts (<see cref="TenantCounts{TCounts}.RecountSql"/>, through <c>Rebuilds.TriggerRecounts</c>) in the swap's transaction.
/// </summary>
/// <remarks>The counts table's name is also the prefix of its function and trigger names.</remarks>
public abstract class TenantCountsStorage<TCounts>(StoreOptions options, string identifier, Type documentType, TenantCounts<TCounts> counts)
    : FeatureSchemaBase(identifier, options.Advanced.Migrator) where TCounts : class
{
    private readonly string table = counts.Table;
    private readonly IReadOnlyList<TenantFigure> figures = counts.Figures;

    private string Schema => options.DatabaseSchemaName;

    private string Documents => ((DocumentMapping)((IReadOnlyStoreOptions)options).FindOrResolveDocumentType(documentType)).TableName.QualifiedName;

    public override IEnumerable<Type> DependentTypes() => [documentType];

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var perTenant = new Table($"{Schema}.{table}");
        perTenant.AddColumn("tenant_id", "varchar").AsPrimaryKey();
        foreach (var figure in figures) perTenant.AddColumn(figure.Column, "bigint").NotNull();
        yield return perTenant;

        yield return Function.ForSql(CountFunction());
        yield return Function.ForSql(
            $"""
             CREATE OR REPLACE FUNCTION {Schema}.{table}_clear() RETURNS trigger LANGUAGE plpgsql AS $function$
             BEGIN
               DELETE FROM {Schema}.{table};
               RETURN NULL;
             END;
             $function$;
             """);
        yield return new RecountingTrigger($"{Schema}.{table}_rows", Documents, $"{Schema}.{table}_count()",
            counts.RecountSql(Schema, Documents))
        {
            Timing = TriggerTiming.After, Events = TriggerEvents.Insert | TriggerEvents.Update | TriggerEvents.Delete, ForEachRow = true
        };
        yield return new Trigger($"{Schema}.{table}_truncate", Documents, $"{Schema}.{table}_clear()")
        {
            Timing = TriggerTiming.After, Events = TriggerEvents.Truncate, ForEachRow = false
        };
    }

    // Adds the new row's figures and takes away the old row's (an update does both), in one upsert of the tenant's row.
    private string CountFunction()
    {
        string Changes(string sign, string row) => string.Concat(figures.Select(f => $"    d_{f.Column} := d_{f.Column} {sign} {f.OfRow(row)};\n"));
        return $"""
                CREATE OR REPLACE FUNCTION {Schema}.{table}_count() RETURNS trigger LANGUAGE plpgsql AS $function$
                DECLARE
                  tenant varchar;
                {string.Concat(figures.Select(f => $"  d_{f.Column} bigint := 0;\n"))}BEGIN
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    tenant := OLD.tenant_id;
                {Changes("-", "OLD")}  END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    tenant := NEW.tenant_id;
                {Changes("+", "NEW")}  END IF;
                  IF {string.Join(" OR ", figures.Select(f => $"d_{f.Column} <> 0"))} THEN
                    INSERT INTO {Schema}.{table} AS s (tenant_id, {string.Join(", ", figures.Select(f => f.Column))})
                    VALUES (tenant, {string.Join(", ", figures.Select(f => $"d_{f.Column}"))})
                    ON CONFLICT (tenant_id) DO UPDATE SET {string.Join(", ", figures.Select(f => $"{f.Column} = s.{f.Column} + excluded.{f.Column}"))};
                  END IF;
                  RETURN NULL;
                END;
                $function$;
                """;
    }

    /// <summary>
    /// The row trigger, which also recounts whenever it is created: until then the table was written without it (a new
    /// database, or one that had the documents before the counts).
    /// </summary>
    private sealed class RecountingTrigger(string name, string target, string function, string recount) : Trigger(name, target, function)
    {
        public override void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            base.WriteCreateStatement(migrator, writer);
            writer.WriteLine(recount);
        }
    }
}
