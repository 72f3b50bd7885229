using System.Linq.Expressions;
using System.Reflection;
using Marten;
using Marten.Schema;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Commerce.Projections;

/// <summary>
/// An index of a document table for the lists' queries; the tenant comes first, as in every query of theirs. A column may
/// name its operator class after it: <c>search_text gin_trgm_ops</c> (with <see cref="IndexMethod.gin"/>) serves a
/// substring search (<c>like '%q%'</c>, <c>ilike</c>) through pg_trgm's trigrams.
/// </summary>
public sealed record TenantIndex(params string[] Columns)
{
    /// <summary>btree, or gin for an array column or trigrams (the tenant then needs the btree_gin extension).</summary>
    public IndexMethod Method { get; init; } = IndexMethod.btree;

    /// <summary>A partial index: only the rows the SQL <c>Condition</c> holds for, named with <c>Name</c> after its columns.</summary>
    public (string Name, string Condition)? Partial { get; init; }
}

public static class ListIndexes
{
    /// <summary>
    /// Duplicates <paramref name="members"/> into columns of their own and indexes the table as its lists query it. Not
    /// Marten's <c>Duplicate</c>, which gives each column an index of its own: under conjoined tenancy every query filters
    /// by tenant first and most order by another column too, so such an index serves none of them and only slows writes.
    /// </summary>
    public static StoreOptions IndexForLists<T>(this StoreOptions opts, Expression<Func<T, object?>>[] members, params TenantIndex[] indexes)
    {
        opts.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(T)) return;
            foreach (var path in members.Select(m => MemberPath(m.Body)))
                // Marten's bulk COPY (and Npgsql) writes string[] as text[], which a varchar[] column refuses.
                mapping.DuplicateField(path, pgType: MemberType(path[^1]) == typeof(string[]) ? "text[]" : null);
            foreach (var index in indexes)
                mapping.Indexes.Add(new IndexDefinition(
                    $"{mapping.TableName.Name}_idx_tenant_{string.Join("_", index.Columns.Select(c => c.Split(' ')[0]))}" +
                    (index.Partial is { Name: var name } ? "_" + name : ""))
                {
                    Columns = ["tenant_id", .. index.Columns], Method = index.Method, Predicate = index.Partial?.Condition
                });
        });
        if (indexes.Any(i => i.Method == IndexMethod.gin)) opts.RequireExtension("btree_gin");   // the tenant in a gin index
        if (indexes.Any(i => i.Columns.Any(c => c.EndsWith(" gin_trgm_ops", StringComparison.Ordinal)))) opts.RequireExtension("pg_trgm");
        return opts;
    }

    private static void RequireExtension(this StoreOptions opts, string name)
    {
        if (!opts.Storage.ExtendedSchemaObjects.OfType<Extension>().Any(e => e.ExtensionName == name))
            opts.Storage.ExtendedSchemaObjects.Add(new Extension(name));
    }

    private static Type MemberType(MemberInfo member) => member is PropertyInfo property ? property.PropertyType : ((FieldInfo)member).FieldType;

    // x => x.State.CreatedAt: [State, CreatedAt] (a value type member arrives boxed, inside a Convert).
    private static MemberInfo[] MemberPath(Expression body) => body switch
    {
        UnaryExpression { NodeType: ExpressionType.Convert } convert => MemberPath(convert.Operand),
        MemberExpression { Expression: ParameterExpression } member => [member.Member],
        MemberExpression member => [.. MemberPath(member.Expression!), member.Member],
        _ => throw new ArgumentException($"{body} is not a member of the document.", nameof(body))
    };
}
