using Commerce.Api.Hosting;
using Commerce.Domain.Inventory;
using JasperFx;
using JasperFx.Events.Daemon;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Commerce.Api.Tests.Faults;

/// <summary>
/// A shard this node leads but that stopped on an error (here, as after a database restart with two would-be leaders,
/// its stored progression moved under it) is started again by the watchdog, without a restart of the node.
/// </summary>
public class ProjectionWatchdogTests(AppFixture fixture) : ApiContext(fixture)
{
    private const string Shard = "InventoryItemView:All";

    [Fact]
    public async Task a_shard_stopped_by_an_error_is_started_again()
    {
        var daemon = Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        var watchdog = Host.Services.GetRequiredService<ProjectionWatchdog>();
        await daemon.StartAllAsync();
        // The last event now, not at every probe: other test classes append meanwhile, and a moving target may stay ahead.
        var last = await Fixture.LastEventAsync();
        var progress = await Eventually.UntilAsync(ProgressAsync, p => p >= last,
            "the shard has caught up");
        try
        {
            await SetProgressAsync(progress + 1_000);   // "another node" moved it
            await GivenStream("WATCHDOG-1", new InventoryTracked("WATCHDOG-1", 10, DateTimeOffset.UtcNow));
            await Eventually.UntilAsync(() => Task.FromResult(StatusOf(daemon)), status => status is AgentStatus.Stopped or AgentStatus.Paused,
                "the shard stops on the out-of-order progression");

            await watchdog.StartAsync(CancellationToken.None);
            await Eventually.UntilAsync(() => Task.FromResult(StatusOf(daemon)), status => status == AgentStatus.Running,
                "the watchdog starts the shard again");
        }
        finally
        {
            await watchdog.StopAsync(CancellationToken.None);
            await daemon.StopAllAsync();               // the test host drives its shards itself
            await SetProgressAsync(progress);    // and the events since then are projected by the next catch-up
        }
    }

    private static AgentStatus? StatusOf(IProjectionDaemon daemon) => daemon.CurrentAgents().FirstOrDefault(a => a.Name.Identity == Shard)?.Status;

    private Task<long> ProgressAsync() => Fixture.ScalarAsync($"select last_seq_id from commerce.mt_event_progression where name = '{Shard}'");

    private static async Task SetProgressAsync(long sequence)
    {
        await using var db = await OpenAsync();
        await using var write = new NpgsqlCommand("update commerce.mt_event_progression set last_seq_id = @seq where name = @shard", db);
        write.Parameters.AddWithValue("seq", sequence);
        write.Parameters.AddWithValue("shard", Shard);
        await write.ExecuteNonQueryAsync();
    }

    private static async Task<NpgsqlConnection> OpenAsync()
    {
        var db = new NpgsqlConnection(Environment.GetEnvironmentVariable("ConnectionStrings__Commerce"));
        await db.OpenAsync();
        return db;
    }
}
