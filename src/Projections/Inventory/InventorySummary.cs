using Commerce.Domain.Inventory;
using Marten;
using Marten.Schema;
using Marten.Services.BatchQuerying;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;

namespace Commerce.Projections.Inventory;

/// <summary>One tenant's figures over its whole inventory read model, as they stand (dead stock is not judged here).</summary>
public sealed record InventoryCounts(long TotalUnits, long Critical, long Low, long Healthy, long OutOfStock)
{
    public long Skus => Critical + Low + Healthy;

    public long InBand(string band) => band switch
    {
        StockStatus.Critical => Critical,
        StockStatus.Low => Low,
        StockStatus.Healthy => Healthy,
        _ => throw new ArgumentOutOfRangeException(nameof(band), band, "Not a band.")
    };

    private static readonly InventoryCounts None = new(0, 0, 0, 0, 0);

    /// <summary>The counts of the session's tenant, read with the other queries of <paramref name="batch"/>.</summary>
    public static async Task<InventoryCounts> ReadAsync(IBatchedQuery batch, IQuerySession session)
    {
        var rows = batch.Query<InventoryCounts>(
            $"select json_build_object({string.Join(", ", InventorySummaryStorage.Figures.Select(f => $"'{f.Name}', {f.Column}"))}) " +
            $"from {InventorySummaryStorage.TableIn(session.DocumentStore.Options.DatabaseSchemaName)} where tenant_id = ?", session.TenantId);
        return (await rows).SingleOrDefault() ?? None;
    }
}

/// <summary>
/// Keeps <see cref="InventoryCounts"/> per tenant in a table beside the <see cref="InventoryItemView"/> documents, so the
/// inventory list reads its summary in one row instead of scanning the tenant's SKUs on every call. A trigger on the
/// documents' table adds each written row's figures and takes away the figures of the row it replaced, in the same
/// transaction: the counts agree with the documents at every moment, whatever writes them (the daemon, Marten's
/// rebuild, a truncate), and cost one row update per document written. Not a projection of its own, because events
/// alone do not tell a band change: a stock change does not carry the reorder point and a reorder point change does not
/// carry the stock, so it would need every SKU's state a second time. The serving rebuild swaps the documents' table
/// for a new one, so it recreates the trigger and recounts (<see cref="RecountSql"/>) in the swap's transaction.
/// </summary>
public sealed class InventorySummaryStorage(StoreOptions options) : FeatureSchemaBase("InventorySummary", options.Advanced.Migrator)
{
    /// <summary>A figure: its column, its name in <see cref="InventoryCounts"/>, and what one document row adds to it.</summary>
    internal sealed record Figure(string Column, string Name, Func<string, string> OfRow);

    internal static readonly Figure[] Figures =
    [
        new("total_units", nameof(InventoryCounts.TotalUnits), row => $"coalesce({row}.total_stock, 0)"),
        new("critical", nameof(InventoryCounts.Critical), row => Count($"{row}.band = '{StockStatus.Critical}'")),
        new("low", nameof(InventoryCounts.Low), row => Count($"{row}.band = '{StockStatus.Low}'")),
        new("healthy", nameof(InventoryCounts.Healthy), row => Count($"{row}.band = '{StockStatus.Healthy}'")),
        new("out_of_stock", nameof(InventoryCounts.OutOfStock), row => Count($"{row}.total_stock = 0"))
    ];

    private static string Count(string condition) => $"(({condition}) is true)::int";

    public static string TableIn(string schema) => $"{schema}.mt_inventory_summary";

    private string Schema => options.DatabaseSchemaName;

    private string Documents =>
        ((DocumentMapping)((IReadOnlyStoreOptions)options).FindOrResolveDocumentType(typeof(InventoryItemView))).TableName.QualifiedName;

    public override IEnumerable<Type> DependentTypes() => [typeof(InventoryItemView)];

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var table = new Table(TableIn(Schema));
        table.AddColumn("tenant_id", "varchar").AsPrimaryKey();
        foreach (var figure in Figures) table.AddColumn(figure.Column, "bigint").NotNull();
        yield return table;

        yield return Function.ForSql(CountFunction());
        foreach (var trigger in FigureTriggers.Keeping($"{Schema}.mt_inventory_summary", TableIn(Schema), Documents, RecountSql(Schema, Documents)))
            yield return trigger;
    }

    /// <summary>Replaces every tenant's counts with a count of the documents' table as it is.</summary>
    public static string RecountSql(string schema, string documents) =>
        $"""
         DELETE FROM {TableIn(schema)};
         INSERT INTO {TableIn(schema)} (tenant_id, {string.Join(", ", Figures.Select(f => f.Column))})
         SELECT d.tenant_id, {string.Join(", ", Figures.Select(f => $"sum({f.OfRow("d")})"))} FROM {documents} d GROUP BY d.tenant_id;
         """;

    // Adds the new row's figures and takes away the old row's (an update does both), in one upsert of the tenant's row.
    private string CountFunction()
    {
        string Changes(string sign, string row) => string.Concat(Figures.Select(f => $"    d_{f.Column} := d_{f.Column} {sign} {f.OfRow(row)};\n"));
        return $"""
                CREATE OR REPLACE FUNCTION {Schema}.mt_inventory_summary_count() RETURNS trigger LANGUAGE plpgsql AS $function$
                DECLARE
                  tenant varchar;
                {string.Concat(Figures.Select(f => $"  d_{f.Column} bigint := 0;\n"))}BEGIN
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    tenant := OLD.tenant_id;
                {Changes("-", "OLD")}  END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    tenant := NEW.tenant_id;
                {Changes("+", "NEW")}  END IF;
                  IF {string.Join(" OR ", Figures.Select(f => $"d_{f.Column} <> 0"))} THEN
                    INSERT INTO {TableIn(Schema)} AS s (tenant_id, {string.Join(", ", Figures.Select(f => f.Column))})
                    VALUES (tenant, {string.Join(", ", Figures.Select(f => $"d_{f.Column}"))})
                    ON CONFLICT (tenant_id) DO UPDATE SET {string.Join(", ", Figures.Select(f => $"{f.Column} = s.{f.Column} + excluded.{f.Column}"))};
                  END IF;
                  RETURN NULL;
                END;
                $function$;
                """;
    }
}
