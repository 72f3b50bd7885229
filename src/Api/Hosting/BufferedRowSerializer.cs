using System.Data.Common;
using Marten;
using Marten.Services;
using Weasel.Storage;

namespace Commerce.Api.Hosting;

/// <summary>
/// Marten's System.Text.Json serializer, except that a document or event read from a query's row is deserialized
/// synchronously. Marten reads every row whole (it never opens a reader with <c>SequentialAccess</c>), so the JSON is
/// already in memory when it is asked for, and the asynchronous path only adds cost: System.Text.Json's resumable
/// deserializer over a stream, with its buffer rented and cleared per document. A profile of <c>GET /v1/orders</c>
/// spent a fifth of the API's CPU there (bench/findings.md).
/// </summary>
internal sealed class BufferedRowSerializer : SystemTextJsonSerializer, ISerializer
{
    ValueTask<T> IStorageSerializer.FromJsonAsync<T>(DbDataReader reader, int index, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FromJson<T>(reader, index));

    ValueTask<object> IStorageSerializer.FromJsonAsync(Type type, DbDataReader reader, int index, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FromJson(type, reader, index));
}
