using Commerce.Domain.Channels;
using Commerce.Domain.Webhooks;
using Commerce.Projections.Channels;
using Commerce.Projections.Webhooks;
using Marten;
using Npgsql;

namespace Commerce.Api.Tests.Conventions;

/// <summary>
/// The counts a list's total comes from (<see cref="Projections.ListCounts"/>) agree with the documents after every kind
/// of write, and with a recount from scratch; the listings' are the example.
/// </summary>
public class ListCountsTests(AppFixture fixture) : ApiContext(fixture)
{
    private static readonly Projections.ListCounts Counts = ChannelsRegistration.ListingCounts;

    [Fact]
    public async Task counts_follow_inserts_moves_between_groups_updates_within_one_and_deletes()
    {
        await using (var session = Store.LightweightSession(Tenant))
        {
            session.Store(Enumerable.Range(0, 6).Select(i => ListingOf("amazon_in", $"CNT-{i}", ListingStatus.Live)).ToArray());
            session.Store(ListingOf("flipkart", "CNT-0", ListingStatus.Suppressed));
            await session.SaveChangesAsync();
        }
        await using (var session = Store.LightweightSession(Tenant))
        {
            session.Store(ListingOf("amazon_in", "CNT-1", ListingStatus.Inactive));                      // moves to another group
            session.Store(ListingOf("amazon_in", "CNT-2", ListingStatus.Live) with { Reason = "again" });   // stays in its group
            session.Delete<ListingView>(Listing.StreamIdOf("amazon_in", "CNT-3"));
            await session.SaveChangesAsync();
        }

        var expected = new Dictionary<(string, string), long>
        {
            [("amazon_in", "Live")] = 4, [("amazon_in", "Inactive")] = 1, [("flipkart", "Suppressed")] = 1
        };
        Assert.Equal(expected, await CountsAsync());
        Assert.Equal(expected, await DocumentsGroupedAsync());
        Assert.Equal(5, await TotalAsync(("channel_id", "amazon_in")));
        Assert.Equal(4, await TotalAsync(("channel_id", "amazon_in"), ("status", "Live")));
        Assert.Equal(1, await TotalAsync(("status", "Suppressed")));
        Assert.Equal(6, await TotalAsync());

        // A recount from scratch (a new trigger, a serving rebuild's swap) finds the same; the documents locked against
        // writes meanwhile, as the swap has them.
        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        var documents = $"{Store.Options.DatabaseSchemaName}.mt_doc_listingview";
        await new NpgsqlCommand($"begin; lock table {documents} in share row exclusive mode; {Counts.RecountSql(Store.Options.DatabaseSchemaName, documents)} commit;", connection).ExecuteNonQueryAsync();
        Assert.Equal(expected, await CountsAsync());
    }

    [Fact]
    public async Task striped_counts_of_columns_that_never_change_follow_inserts_and_deletes_and_ignore_updates()
    {
        var counts = WebhooksRegistration.DeliveryCounts;
        var deliveries = Enumerable.Range(0, 300).Select(i => new WebhookDelivery
        {
            Id = $"dlv_cnt_{i:D3}", WebhookId = i < 200 ? "wh_a" : "wh_b", SortKey = $"{i:D5}", Payload = "{}"
        }).ToArray();
        await using (var session = Store.LightweightSession(Tenant))
        {
            session.Store(deliveries);   // one transaction: the stripes spread its 300 updates of the counts
            await session.SaveChangesAsync();
        }
        await using (var session = Store.LightweightSession(Tenant))
        {
            session.Store(deliveries[..50].Select(d => d with { Status = DeliveryStatus.Succeeded, Attempts = 1 }).ToArray());
            session.Delete<WebhookDelivery>(deliveries[250].Id);
            await session.SaveChangesAsync();
        }

        var table = counts.TableIn(Store.Options.DatabaseSchemaName);
        Assert.True(await ScalarAsync($"select count(distinct stripe) from {table} where tenant_id = @tenant") > 8);
        Assert.Equal(200, await TotalAsync(counts, ("webhook_id", "wh_a")));
        Assert.Equal(99, await TotalAsync(counts, ("webhook_id", "wh_b")));
        Assert.Equal(299, await TotalAsync(counts));

        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        var documents = $"{Store.Options.DatabaseSchemaName}.mt_doc_webhookdelivery";
        await new NpgsqlCommand($"begin; lock table {documents} in share row exclusive mode; {counts.RecountSql(Store.Options.DatabaseSchemaName, documents)} commit;", connection).ExecuteNonQueryAsync();
        Assert.Equal(200, await TotalAsync(counts, ("webhook_id", "wh_a")));
        Assert.Equal(299, await TotalAsync(counts));
    }

    private static ListingView ListingOf(string channel, string sku, ListingStatus status) => new()
    {
        Id = Listing.StreamIdOf(channel, sku), ChannelId = channel, Sku = sku, Status = status, UpdatedAt = DateTimeOffset.UtcNow, Version = 1
    };

    private Task<long> TotalAsync(params (string Column, string Value)[] equal) => TotalAsync(Counts, equal);

    private async Task<long> TotalAsync(Projections.ListCounts counts, params (string Column, string Value)[] equal)
    {
        await using var session = Store.QuerySession(Tenant);
        var batch = session.CreateBatchQuery();
        var total = counts.CountAsync(batch, session, equal);
        await batch.Execute();
        return await total;
    }

    private Task<Dictionary<(string, string), long>> CountsAsync() =>
        GroupsAsync($"select channel_id, status, n from {Counts.TableIn(Store.Options.DatabaseSchemaName)} where tenant_id = @tenant and n <> 0");

    private Task<Dictionary<(string, string), long>> DocumentsGroupedAsync() =>
        GroupsAsync($"select channel_id, status, count(*) from {Store.Options.DatabaseSchemaName}.mt_doc_listingview where tenant_id = @tenant group by 1, 2");

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenant", Tenant);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private async Task<Dictionary<(string, string), long>> GroupsAsync(string sql)
    {
        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenant", Tenant);
        await using var reader = await command.ExecuteReaderAsync();
        var groups = new Dictionary<(string, string), long>();
        while (await reader.ReadAsync()) groups[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
        return groups;
    }
}
