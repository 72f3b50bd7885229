using JasperFx.Events.Daemon;
using Marten;
using Marten.Events.Daemon.Coordination;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;
using Npgsql;

namespace Commerce.Api.Hosting;

/// <summary>
/// Elects the one node that runs the async projections, and runs Marten's daemon there (in its <c>Solo</c> mode: this
/// election is what makes it the only one). The leader holds a session-level advisory lock on a connection of its own
/// and proves it every second with a one-row query; when that fails (connection cut, database restarted, session
/// killed) it stops its projections at once and competes again. Another node polls the lock every
/// <c>Commerce:Projections:LeadershipPollMs</c>, and once it wins waits a little longer than one proof before it starts,
/// so that a leader cut off from the database has stopped by then.
/// <para>
/// Not Marten's <c>HotCold</c> election, because its locks cost every write: they sit in an open transaction whose
/// finished statement still holds a snapshot, and its lock monitor keeps a minute-long <c>pg_sleep</c> running beside
/// them. Either keeps PostgreSQL from pruning any row version written since, so every hot row (a SKU's stream row and
/// snapshot, the inventory summary, the daemon's progression) drags a growing chain of dead versions through every
/// read and update (bench/findings.md, finding 9). This lock's connection is idle between its short statements and
/// holds no snapshot.
/// </para>
/// </summary>
internal sealed class ProjectionLeadership(
    IServiceProvider services, ProjectionLeadership.Connection connection, IConfiguration configuration, ILogger<ProjectionLeadership> logger)
    : BackgroundService
{
    private static readonly TimeSpan Proof = TimeSpan.FromSeconds(1);

    /// <summary>The node's connection string, made into one for the single unpooled connection that holds the lock.</summary>
    public sealed record Connection(string ConnectionString, string Schema)
    {
        public static Connection From(string nodeConnectionString, string schema)
        {
            var held = new NpgsqlConnectionStringBuilder(nodeConnectionString)
            {
                Pooling = false,   // the lock lives as long as this connection and is never handed to a request
                KeepAlive = 1      // and a dead peer is noticed within seconds even while it is idle
            };
            held.ApplicationName = $"{held.ApplicationName} projections leader";
            return new(held.ConnectionString, schema);
        }
    }

    /// <summary>Whether this node runs the projections now (the watchdog restarts stopped shards only then).</summary>
    public bool Leads { get; private set; }

    private TimeSpan Poll => TimeSpan.FromMilliseconds(configuration.GetValue("Commerce:Projections:LeadershipPollMs", 2000));

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        // A test host (Marten's explicit coordinator) starts and stops its daemon itself: it is the only node.
        if (services.GetService<IProjectionCoordinator>() is not ProjectionCoordinator coordinator)
        {
            Leads = true;
            return;
        }
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var lockHeld = await TryTakeLockAsync(stopping);
                if (lockHeld is null)
                {
                    await Task.Delay(Poll, stopping);
                    continue;
                }
                await Task.Delay(Proof * 1.5, stopping);
                logger.LogInformation("This node leads the async projections");
                await coordinator.StartAsync(stopping);
                Leads = true;
                try
                {
                    while (true)
                    {
                        await Task.Delay(Proof, stopping);
                        // Bounded, so that a leader cut off from the database stops before another node starts.
                        await using var proof = new NpgsqlCommand("select 1", lockHeld) { CommandTimeout = 1 };
                        await proof.ExecuteScalarAsync(stopping);
                    }
                }
                finally
                {
                    Leads = false;
                    await coordinator.StopAsync(CancellationToken.None);
                    logger.LogInformation("This node stopped leading the async projections");
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Projection leadership lost or not reachable ({Error}); competing again in {Poll}", e.Message, Poll);
                await Task.Delay(Poll, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>The open connection holding the lock, or null when another node holds it.</summary>
    private async Task<NpgsqlConnection?> TryTakeLockAsync(CancellationToken ct)
    {
        var held = new NpgsqlConnection(connection.ConnectionString);
        try
        {
            await held.OpenAsync(ct);
            await using var take = new NpgsqlCommand("select pg_try_advisory_lock(hashtextextended($1, 0))", held)
            {
                Parameters = { new() { Value = $"{connection.Schema}: async projections leader" } }
            };
            if ((bool)(await take.ExecuteScalarAsync(ct))!) return held;
        }
        catch
        {
            await held.DisposeAsync();
            throw;
        }
        await held.DisposeAsync();
        return null;
    }
}
