using Alba;
using Commerce.Api.Access;
using JasperFx;
using JasperFx.CommandLine;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Commerce.Api.Tests;

/// <summary>One API host for the whole suite, against the real PostgreSQL of ConnectionStrings__Commerce.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ConnectionStrings__Commerce")))
            throw new InvalidOperationException(
                "The API tests need PostgreSQL: run them with './dev test' (README), or set ConnectionStrings__Commerce.");

        Host = await StartHostAsync();
    }

    /// <summary>A host of the API as the suite configures it; a test may start a second one to play another process.</summary>
    public static async Task<IAlbaHost> StartHostAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        return await AlbaHost.For<Program>(web =>
        {
            web.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                // A plan small enough for tests to exhaust.
                ["Commerce:RateLimits:Plans:tight:read:Limit"] = "3",
                ["Commerce:RateLimits:Plans:tight:read:WindowSeconds"] = "3600",
                ["Commerce:RateLimits:Plans:tight:write:Limit"] = "3",
                ["Commerce:RateLimits:Plans:tight:write:WindowSeconds"] = "3600",
                // One large enough for nodes to lease slices of several units (TwoNodesTests).
                ["Commerce:RateLimits:Plans:sliced:read:Limit"] = "60",
                ["Commerce:RateLimits:Plans:sliced:read:WindowSeconds"] = "3600",
                ["Commerce:RateLimits:Plans:default:write:Limit"] = "100000",
                ["Commerce:RateLimits:Plans:default:read:Limit"] = "100000",
                ["Commerce:ReadYourWrites:TimeoutMs"] = "2000",
                // Tests start and stop the daemon's shards themselves (ProjectionWatchdogTests runs the watchdog alone).
                ["Commerce:Projections:Watchdog"] = "false",
                ["Commerce:Projections:RebuildSwapWait"] = "00:00:03",
                // Receivers run on loopback over http; retries in milliseconds so schedules finish inside a test.
                ["Commerce:Webhooks:AllowInsecureTargets"] = "true",
                ["Commerce:Webhooks:RetrySchedule:0"] = "00:00:00.050",
                ["Commerce:Webhooks:RetrySchedule:1"] = "00:00:00.100",
                ["Commerce:Webhooks:RetrySchedule:2"] = "00:00:00.150",
                ["Commerce:Webhooks:RequestTimeout"] = "00:00:02",
                ["Commerce:Webhooks:DisableAfter"] = "00:00:00",
                // One channel with an SLA of its own (PlaceOrderTests); the others have the default, 24 h.
                ["Commerce:Orders:Sla:myntra"] = "2.00:00:00"
            }));
            web.ConfigureServices(services =>
            {
                services.MartenDaemonModeIsSolo();
                services.RunWolverineInSoloMode();
                services.AddSingleton<Commerce.Api.Channels.IChannelConnector, Channels.FailingConnector>();
                services.AddSingleton<Commerce.Api.Channels.IChannelConnector, Channels.GatedConnector>();
            });
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public async Task<string> KeyAsync(string tenant, string scopes, bool isPublic = false, string plan = "default")
    {
        var (_, token) = await Host.Services.GetRequiredService<KeyIssuer>().CreateAsync(tenant, KeyIssuer.ParseScopes(scopes), isPublic, plan: plan);
        return token;
    }

    /// <summary>
    /// Runs the async projections up to the last event appended before the call. One pass of Marten's catch-up may stop
    /// short of it: transactions that rolled back (lost races, retries) leave gaps in the event sequence, and the daemon's
    /// high-water mark waits a gap out (its stale-sequence threshold) before it passes it. So: passes until it has.
    /// </summary>
    public async Task CatchUpAsync()
    {
        var last = await LastEventAsync();
        await Eventually.UntilAsync(async () =>
        {
            await Host.ForceAllMartenDaemonActivityToCatchUpAsync(CancellationToken.None);
            return await ScalarAsync("select coalesce(max(last_seq_id), 0) from commerce.mt_event_progression where name = 'HighWaterMark'");
        }, highWaterMark => highWaterMark >= last, $"the async projections to pass event {last}");
        // And every shard has committed its work up to there (a daemon left running may still be applying a batch).
        await Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>The sequence of the last event appended, in any tenant.</summary>
    public Task<long> LastEventAsync() => ScalarAsync("select coalesce(max(seq_id), 0) from commerce.mt_events");

    /// <summary>A one-number query straight to the database (progress rows, sequences: what no route shows).</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "api";
}

/// <summary>Base of every API test: its own tenant, so tests never see each other's data.</summary>
[Collection(ApiCollection.Name)]
public abstract class ApiContext(AppFixture fixture)
{
    protected readonly string Tenant = "t" + Guid.NewGuid().ToString("N")[..12];
    protected static readonly DateTimeOffset Earlier = new(2026, 4, 17, 8, 0, 0, TimeSpan.Zero);

    protected AppFixture Fixture => fixture;
    protected IAlbaHost Host => fixture.Host;
    protected IDocumentStore Store => fixture.Store;

    /// <summary>
    /// Runs the async daemon continuously, as on the node that leads, until the result is disposed: for what catch-ups
    /// cannot show (reads that wait for the read models, the daemon's dead-letter writer). Otherwise the suite's host
    /// drives its shards itself (<see cref="AppFixture.CatchUpAsync"/>).
    /// </summary>
    protected async Task<IAsyncDisposable> DaemonRunningAsync()
    {
        var daemon = Host.Services.GetRequiredService<Marten.Events.Daemon.Coordination.IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.StartAllAsync();
        return new Stop(daemon.StopAllAsync);
    }

    private sealed class Stop(Func<Task> stop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await stop();
    }

    /// <summary>The type names of a stream's events, in order, as the tenant's event store holds them.</summary>
    protected async Task<string[]> EventTypesOfAsync(string streamId)
    {
        await using var query = Store.QuerySession(Tenant);
        return [.. (await query.Events.FetchStreamAsync(streamId)).Select(e => e.Data.GetType().Name)];
    }

    protected Task<string> KeyAsync(string scopes = "all", bool isPublic = false, string plan = "default", string? tenant = null) =>
        fixture.KeyAsync(tenant ?? Tenant, scopes, isPublic, plan);

    protected async Task<System.Text.Json.JsonElement> GetJson(string key, string url, int status = 200)
    {
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Get.Url(url);
            x.StatusCodeShouldBe(status);
        });
        return await result.BodyAsync();
    }

    /// <summary>
    /// A JSON body sent as it is written (nulls, escapes, repeated names and all), which an object would not keep, by
    /// POST, PUT or PATCH; any status is taken when <paramref name="status"/> is null.
    /// </summary>
    protected async Task<IScenarioResult> SendText(string key, string method, string url, string body, int? status) =>
        await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            (method switch { "PATCH" => x.Patch, "PUT" => x.Put, _ => x.Post }).Text(body).ToUrl(url);
            x.WithRequestHeader("Content-Type", "application/json");
            if (status is { } expected) x.StatusCodeShouldBe(expected);
            else x.IgnoreStatusCode();
        });

    protected async Task<System.Text.Json.JsonElement> PatchJson(string key, string url, object body, int status = 200)
    {
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Patch.Json(body).ToUrl(url);
            x.StatusCodeShouldBe(status);
        });
        return await result.BodyAsync();
    }

    protected async Task GivenStream(string streamId, params object[] events)
    {
        await using var session = Store.LightweightSession(Tenant);
        session.Events.StartStream(streamId, events);
        await session.SaveChangesAsync();
    }
}
