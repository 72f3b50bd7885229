using Marten;
using Marten.Schema;

namespace Commerce.Projections;

public static class DocumentTables
{
    /// <summary>The qualified table of a document type, for the few queries written in SQL.</summary>
    public static string TableOf<T>(this IQuerySession session) =>
        ((DocumentMapping)session.DocumentStore.Options.FindOrResolveDocumentType(typeof(T))).TableName.QualifiedName;
}
