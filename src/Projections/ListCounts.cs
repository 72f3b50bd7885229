using System.Data.Common;
using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Marten;
using Marten.Schema;
using Marten.Services.BatchQuerying;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql.Triggers;

namespace Commerce.Projections;

/// <summary>
/// How many documents of a type each tenant has, per value of some of their duplicated columns (a list's equality
/// filters), kept in a table beside the documents' table so that a list's <c>total</c> is a sum over a few rows instead
/// of a count of the tenant's documents on every call. Any subset of the columns can be filtered on: the total is the
/// sum of the matching groups. Kept by a trigger on the documents' table in the writer's transaction, as the inventory
/// summary is (<see cref="Inventory.InventorySummaryStorage"/>): exact at every moment whatever writes the documents (the
/// daemon, a rebuild, a truncate), recounted when the trigger is created, and after a serving rebuild's swap.
/// </summary>
/// <param name="documentType">The read model counted.</param>
/// <param name="name">Names the table: <c>mt_counts_{name}</c>.</param>
/// <param name="columns">Duplicated columns of the documents' table to count by (their values are kept as text).</param>
public class ListCounts(Type documentType, string name, params string[] columns)
{
    public Type DocumentType { get; } = documentType;

    public IReadOnlyList<string> Columns { get; } = columns;

    /// <summary>
    /// Rows each group is spread over, by a hash of the document's id (default 1). A transaction that inserts many
    /// documents of one group updates its row as often, and PostgreSQL takes longer per update the more versions of the
    /// row the transaction already wrote (10,000 inserts: 0.9 s against 33 ms without the trigger); spread over N rows,
    /// each row gets 1/N of them. Reading a total sums the N rows.
    /// </summary>
    public int Stripes { get; init; } = 1;

    /// <summary>
    /// The counted columns never change once a document is written (a delivery's webhook): the trigger then watches
    /// inserts and deletes only, and an update costs nothing.
    /// </summary>
    public bool ColumnsNeverChange { get; init; }

    public string TableIn(string schema) => $"{schema}.mt_counts_{name}";

    /// <summary>The table's key columns after the tenant: the counted columns, then the stripe when there are several.</summary>
    internal IEnumerable<string> KeyColumns => Stripes > 1 ? [.. Columns, "stripe"] : Columns;

    /// <summary>The values of <see cref="KeyColumns"/> for the document row <paramref name="row"/> (e.g. <c>NEW</c>, <c>d</c>).</summary>
    internal IEnumerable<string> KeyValuesOf(string row) =>
        Columns.Select(c => Text($"{row}.{c}")).Concat(Stripes > 1 ? [$"abs(hashtext({row}.id) % {Stripes})"] : []);

    internal string Name => name;

    /// <summary>
    /// The count of the session's tenant's documents whose columns hold the values given (as text: an enum by its name, a
    /// bool as <c>true</c>/<c>false</c>), read with the other queries of <paramref name="batch"/>.
    /// </summary>
    public async Task<long> CountAsync(IBatchedQuery batch, IQuerySession session, params (string Column, string Value)[] equal)
    {
        if (equal.FirstOrDefault(e => !Columns.Contains(e.Column)) is { Column: { } unknown })
            throw new ArgumentException($"{name} counts are not kept by {unknown}.", nameof(equal));
        // As a JSON document: a batch reads documents, not scalars.
        var rows = batch.Query<Counted>(
            $"select json_build_object('{nameof(Counted.Total)}', coalesce(sum(n), 0)) from {TableIn(session.DocumentStore.Options.DatabaseSchemaName)} where tenant_id = ?" +
            string.Concat(equal.Select(e => $" and {e.Column} = ?")),
            [session.TenantId, .. equal.Select(e => e.Value)]);
        return (await rows).Single().Total;
    }

    private sealed record Counted(long Total);

    /// <summary>Replaces every tenant's counts with a count of the documents' table as it is.</summary>
    public string RecountSql(string schema, string documents) =>
        $"""
         DELETE FROM {TableIn(schema)};
         INSERT INTO {TableIn(schema)} (tenant_id, {string.Join(", ", KeyColumns)}, n)
         SELECT d.tenant_id, {string.Join(", ", KeyValuesOf("d"))}, count(*) FROM {documents} d
         GROUP BY 1{string.Concat(KeyColumns.Select((_, i) => $", {i + 2}"))};
         """;

    // A null counts as '' (the table's key columns cannot be null).
    internal static string Text(string column) => $"coalesce({column}::text, '')";
}

/// <summary>
/// A list's query in a batch, and what its total is: the sum of <see cref="ListCounts"/> groups while every filter is
/// one the counts are kept by, else a count of the matches.
/// </summary>
public sealed class CountedQuery<T>(IBatchedQueryable<T> query, ListCounts counts)
{
    private readonly List<(string Column, string Value)> equal = [];
    private bool counted = true;

    public IBatchedQueryable<T> Query { get; private set; } = query;

    /// <summary>When <paramref name="value"/> is given, keeps the documents <paramref name="filter"/> holds for: those whose <paramref name="column"/> is <paramref name="value"/>.</summary>
    public CountedQuery<T> Equal(string? value, string column, Expression<Func<T, bool>> filter)
    {
        if (value is null) return this;
        Query = Query.Filter(filter);
        equal.Add((column, value));
        return this;
    }

    /// <summary>Keeps the documents <paramref name="filter"/> holds for, a filter the counts are not kept by.</summary>
    public CountedQuery<T> Where(Expression<Func<T, bool>> filter)
    {
        Query = Query.Filter(filter);
        counted = false;
        return this;
    }

    /// <summary>The total, read with the other queries of <paramref name="batch"/> (the one <see cref="Query"/> is in).</summary>
    public Task<long> TotalAsync(IBatchedQuery batch, IQuerySession session) =>
        counted ? counts.CountAsync(batch, session, [.. equal]) : Query.Count();
}

/// <inheritdoc cref="ListCounts"/>
public sealed class ListCounts<TDocument>(string name, params string[] columns) : ListCounts(typeof(TDocument), name, columns)
    where TDocument : class
{
    /// <summary>The documents, to filter and page in <paramref name="batch"/>, and their total.</summary>
    public CountedQuery<TDocument> Query(IBatchedQuery batch) => new(batch.Query<TDocument>(), this);
}

public static class ListCountsRegistration
{
    /// <summary>Keeps <paramref name="counts"/> beside its documents' table (whose counted columns are duplicated ones).</summary>
    public static StoreOptions CountForLists<TDocument>(this StoreOptions opts, ListCounts<TDocument> counts) where TDocument : class
    {
        opts.Storage.Add(new ListCountsStorage<TDocument>(opts, counts));
        return opts;
    }
}

/// <summary>
/// The table of a <see cref="ListCounts"/>, and the triggers that keep it. Generic in the document type because Marten
/// keeps one feature of each type.
/// </summary>
internal sealed class ListCountsStorage<TDocument>(StoreOptions options, ListCounts counts)
    : FeatureSchemaBase($"ListCounts_{counts.Name}", options.Advanced.Migrator)
{
    private string Schema => options.DatabaseSchemaName;

    private string Documents =>
        ((DocumentMapping)((IReadOnlyStoreOptions)options).FindOrResolveDocumentType(typeof(TDocument))).TableName.QualifiedName;


    public override IEnumerable<Type> DependentTypes() => [typeof(TDocument)];

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var table = new Table(counts.TableIn(Schema));
        table.AddColumn("tenant_id", "varchar").AsPrimaryKey();
        foreach (var column in counts.Columns) table.AddColumn(column, "text").AsPrimaryKey();
        if (counts.Stripes > 1) table.AddColumn("stripe", "integer").AsPrimaryKey();
        table.AddColumn("n", "bigint").NotNull();
        yield return table;

        yield return Function.ForSql(CountFunction());
        var watched = TriggerEvents.Insert | TriggerEvents.Delete | (counts.ColumnsNeverChange ? 0 : TriggerEvents.Update);
        foreach (var trigger in FigureTriggers.Keeping(counts.TableIn(Schema), counts.TableIn(Schema), Documents, counts.RecountSql(Schema, Documents), watched))
            yield return trigger;
    }

    // Moves the document from its old row's group to its new one; an update that changes no counted column writes nothing.
    private string CountFunction()
    {
        string Key(string row) => string.Join(", ", counts.KeyValuesOf(row).Prepend(ListCounts.Text($"{row}.tenant_id")));
        string Add(string row, int n) =>
            $"""
                 INSERT INTO {counts.TableIn(Schema)} AS s (tenant_id, {string.Join(", ", counts.KeyColumns)}, n) VALUES ({Key(row)}, {n})
                 ON CONFLICT (tenant_id, {string.Join(", ", counts.KeyColumns)}) DO UPDATE SET n = s.n + excluded.n;
             """;
        return $"""
                CREATE OR REPLACE FUNCTION {counts.TableIn(Schema)}_count() RETURNS trigger LANGUAGE plpgsql AS $function$
                BEGIN
                  IF TG_OP = 'UPDATE' AND ({Key("OLD")}) = ({Key("NEW")}) THEN
                    RETURN NULL;
                  END IF;
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN
                {Add("OLD", -1)}
                  END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') THEN
                {Add("NEW", 1)}
                  END IF;
                  RETURN NULL;
                END;
                $function$;
                """;
    }
}

/// <summary>
/// What keeps a table of figures from a documents' table beside the function <c>{prefix}_count()</c> that adds a written
/// row's figures: the row trigger <c>{prefix}_rows</c> that calls it, and a truncate of the documents that clears the
/// figures (<c>{prefix}_clear()</c>, <c>{prefix}_truncate</c>).
/// </summary>
internal static class FigureTriggers
{
    public static IEnumerable<ISchemaObject> Keeping(string prefix, string figures, string documents, string recount,
        TriggerEvents watched = TriggerEvents.Insert | TriggerEvents.Update | TriggerEvents.Delete)
    {
        yield return Function.ForSql(
            $"""
             CREATE OR REPLACE FUNCTION {prefix}_clear() RETURNS trigger LANGUAGE plpgsql AS $function$
             BEGIN
               DELETE FROM {figures};
               RETURN NULL;
             END;
             $function$;
             """);
        yield return new RecountingTrigger($"{prefix}_rows", documents, $"{prefix}_count()", recount)
        {
            Timing = TriggerTiming.After, Events = watched, ForEachRow = true
        };
        yield return new Trigger($"{prefix}_truncate", documents, $"{prefix}_clear()")
        {
            Timing = TriggerTiming.After, Events = TriggerEvents.Truncate, ForEachRow = false
        };
    }
}

/// <summary>
/// A row trigger that keeps a table of figures from its table's rows, and recounts them whenever it is created: until
/// then the table was written without it (a new database, or one that had the documents before the figures).
/// </summary>
internal sealed class RecountingTrigger(string name, string target, string function, string recount) : Trigger(name, target, function)
{
    public override void WriteCreateStatement(Migrator migrator, TextWriter writer)
    {
        base.WriteCreateStatement(migrator, writer);
        writer.WriteLine(recount);
    }

    /// <remarks>
    /// Weasel compares the trigger with PostgreSQL's rendering of it, whose events come in PostgreSQL's order (INSERT OR
    /// DELETE OR UPDATE) where Weasel writes INSERT OR UPDATE OR DELETE: the trigger never matched, and every start of a
    /// node recreated it and recounted its table under lock. The same events in another order are the same trigger.
    /// </remarks>
    public override async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        if (!await reader.ReadAsync(ct) || await reader.IsDBNullAsync(0, ct)) return new SchemaObjectDelta(this, SchemaPatchDifference.Create);
        var existing = EventsInDefinition.Replace(await reader.GetFieldValueAsync<string>(0, ct), match =>
            EventsOf(match.Groups["events"].Value) == Events ? $"{match.Groups["timing"].Value} {EventList(" OR ")} ON " : match.Value, 1);
        return new SchemaObjectDelta(this, Matches(existing) ? SchemaPatchDifference.None : SchemaPatchDifference.Update);
    }

    private static readonly Regex EventsInDefinition = new(@"(?<timing>BEFORE|AFTER|INSTEAD OF) (?<events>[A-Z]+(?: OR [A-Z]+)*) ON ");

    private static TriggerEvents EventsOf(string list) =>
        list.Split(" OR ").Aggregate(TriggerEvents.None, (all, one) => all | Enum.Parse<TriggerEvents>(one, ignoreCase: true));
}
