using Commerce.Api.Customers;
using Commerce.Api.Hosting;
using Commerce.Api.WritePath;
using Commerce.Domain.Customers;
using Commerce.Projections;
using Marten;
using Npgsql;

namespace Commerce.Api.Tests.Customers;

/// <summary>
/// A batch writes its unique claims in key order, whatever the order of its streams. Another transaction holding the
/// first key and then taking the second one therefore finds the second free: the batch waits on the first key instead
/// of holding the second, and the two cannot deadlock (the fault suite's deal race answered 500s from that deadlock).
/// </summary>
public class ClaimOrderTests(AppFixture fixture) : ApiContext(fixture)
{
    [Fact]
    public async Task a_batch_waits_on_its_first_claim_in_key_order_instead_of_deadlocking_with_a_racing_transaction()
    {
        // Stream order (c1, c2) takes the emails in the order b, a; key order is a, b.
        var first = CustomerClaims.EmailKey("a@claims.example");
        var second = CustomerClaims.EmailKey("b@claims.example");
        var batch = new CommandBatch<RegisterCustomer>([Register("c1", "b@claims.example"), Register("c2", "a@claims.example")]);

        await using var racer = new NpgsqlConnection(Environment.GetEnvironmentVariable("ConnectionStrings__Commerce"));
        await racer.OpenAsync();
        await using var racing = await racer.BeginTransactionAsync();
        await using var session = Store.LightweightSession(Tenant);
        var claims = session.TableOf<UniqueClaim>();
        await InsertClaimAsync(racer, claims, first);
        var saving = SaveAsync(session, batch);
        await Eventually.UntilAsync(() => IsBlockingAnotherAsync(racer), blocking => blocking, "the batch to wait on the first claim", seconds: 10);

        await InsertClaimAsync(racer, claims, second);   // a deadlock would surface here (40P01) after deadlock_timeout
        await racing.CommitAsync();
        var lost = await Assert.ThrowsAnyAsync<Exception>(() => saving);
        Assert.True(LostRaces.IsLostRace(lost), lost.ToString());
        Assert.False(DatabaseFaults.IsRolledBack(lost), "a deadlock: " + lost);

        await using var query = Store.QuerySession(Tenant);
        Assert.Equal("racer", (await query.LoadAsync<UniqueClaim>(first))?.HolderId);
        Assert.Equal("racer", (await query.LoadAsync<UniqueClaim>(second))?.HolderId);
    }

    private static Batched<RegisterCustomer> Register(string id, string email) => new(
        new RegisterCustomer(id, "contacts", new CustomerDetails(CustomerKind.Person, "Claimer", email, null, null, null), []),
        CommandMetadata.System("tests", "claim-order", "claim-order"));

    private static async Task SaveAsync(IDocumentSession session, CommandBatch<RegisterCustomer> batch)
    {
        await RegisterCustomerHandler.Handle(batch, session, TimeProvider.System, CancellationToken.None);
        await session.SaveChangesAsync();
    }

    private async Task InsertClaimAsync(NpgsqlConnection connection, string table, string key)
    {
        await using var insert = new NpgsqlCommand($"insert into {table} (tenant_id, id, data) values ($1, $2, $3::jsonb)", connection)
        {
            Parameters = { new() { Value = Tenant }, new() { Value = key }, new() { Value = $$"""{"Id":"{{key}}","HolderId":"racer"}""" } }
        };
        await insert.ExecuteNonQueryAsync();
    }

    private static async Task<bool> IsBlockingAnotherAsync(NpgsqlConnection racer)
    {
        await using var probe = new NpgsqlConnection(racer.ConnectionString);
        await probe.OpenAsync();
        await using var blocked = new NpgsqlCommand("select count(*) from pg_stat_activity where $1 = any(pg_blocking_pids(pid))", probe)
        {
            Parameters = { new() { Value = racer.ProcessID } }
        };
        return (long)(await blocked.ExecuteScalarAsync())! > 0;
    }
}
