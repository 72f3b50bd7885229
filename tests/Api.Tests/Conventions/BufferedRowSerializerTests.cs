using Commerce.Api.Hosting;
using Commerce.Domain.Channels;
using Commerce.Projections.Channels;
using Marten;

namespace Commerce.Api.Tests.Conventions;

/// <summary>
/// The store reads rows with <see cref="BufferedRowSerializer"/>, and documents come back from every asynchronous read
/// path as they were stored, enums kept as their names.
/// </summary>
public class BufferedRowSerializerTests(AppFixture fixture) : ApiContext(fixture)
{
    [Fact]
    public async Task documents_read_back_whole_through_loads_queries_and_batches()
    {
        Assert.IsType<BufferedRowSerializer>(Store.Options.Serializer());
        var stored = Enumerable.Range(0, 3).Select(i => new ListingView
        {
            Id = Listing.StreamIdOf("amazon_in", $"SER-{i}"), ChannelId = "amazon_in", Sku = $"SER-{i}", Status = ListingStatus.Suppressed,
            Reason = $"reason {i} \u00e9\u6771", UpdatedAt = new DateTimeOffset(2026, 12, 2, 9, 0, i, TimeSpan.Zero), Version = i + 1
        }).ToArray();
        await using (var session = Store.LightweightSession(Tenant))
        {
            session.Store(stored);
            await session.SaveChangesAsync();
        }

        await using var query = Store.QuerySession(Tenant);
        Assert.Equal(stored[0], await query.LoadAsync<ListingView>(stored[0].Id));
        Assert.Equal(stored, await query.Query<ListingView>().Where(x => x.Sku.StartsWith("SER-")).OrderBy(x => x.Sku).ToListAsync());
        var batch = query.CreateBatchQuery();
        var many = batch.LoadMany<ListingView>().ById(stored[1].Id, stored[2].Id);
        await batch.Execute();
        Assert.Equal(stored[1..], (await many).OrderBy(x => x.Sku));
        var json = await query.Json.FindByIdAsync<ListingView>(stored[0].Id);
        Assert.Contains("\"Suppressed\"", json);
    }
}
