using Alba;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using Commerce.Api.Inventory;
using Commerce.Api.WritePath;
using Commerce.Domain.Inventory;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Commerce.Api.Tests.Faults;

/// <summary>
/// A second API node whose database connection goes through a <see cref="TcpProxy"/>, with short time bounds and no
/// projection daemon (the suite's main host runs the projections). Breaking the proxy breaks only this node's database.
/// </summary>
public sealed class FaultHost : IAsyncLifetime
{
    public static readonly TimeSpan RequestBound = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(1);

    public TcpProxy Proxy { get; private set; } = null!;
    public IAlbaHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var real = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Commerce"));
        Proxy = new TcpProxy("127.0.0.1", real.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(real.ConnectionString) { Host = "127.0.0.1", Port = Proxy.Port, Pooling = true };
        // Its start runs Marten's schema check under the node's 1 s connect bound, which can run out while the test
        // process is still busy starting (seen when this class runs alone); that is not a fault these tests are about.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Host = await AlbaHost.For<Program>(web => Configure(web, viaProxy.ConnectionString));
                break;
            }
            catch (NpgsqlException) when (attempt < 3)
            {
            }
        }
        // Wolverine compiles a handler on its first message, which can take longer than the request bound here.
        using var scope = Host.Services.CreateScope();
        var warmUp = new Batched<ChangeStock>(new ChangeStock("WARM-UP", [new SetStock(1, null)]), new CommandMetadata("warm-up", "warm-up", null, "warm-up"));
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync<IReadOnlyList<WriteOutcome<StockItem>>>(
            new CommandBatch<ChangeStock>([warmUp]), new DeliveryOptions { TenantId = "warm-up" }, timeout: TimeSpan.FromMinutes(1));
        // Ready once every handler is compiled (HandlerWarmup, longer with every context): the tests read readiness as
        // a fact about the database alone.
        await Eventually.UntilAsync(async () => (await Host.Scenario(x => { x.Get.Url("/health/ready"); x.IgnoreStatusCode(); }))
            .Context.Response.StatusCode, status => status == 200, "the fault node to be ready", seconds: 120);
    }

    private static void Configure(IWebHostBuilder web, string connectionString)
    {
        web.UseSetting("ConnectionStrings:Commerce", connectionString);
        web.UseSetting("Commerce:NodeName", "fault-node");
        web.UseSetting("Commerce:Projections:Daemon", "Disabled");
        // The suite's host applied the schema; checking it again here would run under the 1 s command bound, where a
        // slow check (it once recreated and recounted every count table: SchemaAtRestTests) fails the node's start.
        web.UseSetting("Commerce:Database:ApplySchemaOnStartup", "false");
        web.UseSetting("Commerce:Timeouts:Request", RequestBound.ToString());
        web.UseSetting("Commerce:Timeouts:Ready", "00:00:01");
        web.UseSetting("Commerce:Timeouts:RetryAfter", "00:00:02");
        web.UseSetting("Commerce:Database:CommandTimeout", CommandTimeout.ToString());
        web.UseSetting("Commerce:Database:PoolWait", "00:00:01");
        web.UseSetting("Commerce:RateLimits:Plans:default:write:Limit", "100000");
        web.UseSetting("Commerce:RateLimits:Plans:default:read:Limit", "100000");
        web.ConfigureServices(services => services.RunWolverineInSoloMode());
    }

    public async Task DisposeAsync()
    {
        Proxy.Restore();
        await Host.DisposeAsync();
        await Proxy.DisposeAsync();
    }
}
