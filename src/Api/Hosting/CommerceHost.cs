using System.Text.Json;
using Commerce.Api.Access;
using Commerce.Api.Admin;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Api.Webhooks;
using FastEndpoints;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using JasperFx.Core;
using JasperFx.MultiTenancy;
using Weasel.Core;
using Npgsql;
using Scalar.AspNetCore;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

namespace Commerce.Api.Hosting;

/// <summary>Composition only: which libraries, which options, which order. Features live in their folders.</summary>
public static class CommerceHost
{
    private const string Schema = "commerce";

    public static WebApplicationBuilder AddCommerce(this WebApplicationBuilder builder, string[] args)
    {
        // An admin command (e.g. `keys create`) prints its result on stdout; its logs must not follow it there.
        if (args is [var command, ..] && !command.StartsWith('-'))
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        var services = builder.Services;
        // Several nodes and faults (docs/operations.md): node identity, time bounds, graceful shutdown, projection status.
        var bounds = builder.AddNodeOperations();
        var connectionString = Prepared(NodeIdentity.Named(bounds.Bound(builder.Configuration.GetConnectionString("Commerce")
            ?? throw new InvalidOperationException("ConnectionStrings:Commerce is not set.")), builder.Configuration));

        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddApiKeys(connectionString);   // keys, authentication, scopes; revocations heard from every node
        services.AddRateLimits(builder.Configuration);   // one budget per key across nodes

        // Commerce:Database:ApplySchemaOnStartup (default true): false leaves the schema to the nodes (or the deploy) that
        // apply it, and this node never changes it, at start or on first use.
        var applySchema = builder.Configuration.GetValue("Commerce:Database:ApplySchemaOnStartup", true);
        var marten = services.AddMarten(opts =>
            {
                // Not NoResetOnClose: Marten's bulk upserts leave temp tables that DISCARD ALL must clear.
                opts.Connection(connectionString);
                opts.DatabaseSchemaName = Schema;
                if (!applySchema) opts.AutoCreateSchemaObjects = AutoCreate.None;
                opts.Serializer(new BufferedRowSerializer { EnumStorage = EnumStorage.AsString });

                opts.Events.StreamIdentity = StreamIdentity.AsString;
                opts.Events.TenancyStyle = TenancyStyle.Conjoined;
                opts.Policies.AllDocumentsAreMultiTenanted();
                opts.Schema.For<ApiKey>().SingleTenanted();   // the key is what names the tenant
                opts.Schema.For<IdempotentRequest>().SingleTenanted();   // ids start with the key id, which names the tenant
                opts.Events.AppendMode = EventAppendMode.Quick;
                opts.Events.MetadataConfig.EnableAll();
                opts.Events.MetadataConfig.UserNameEnabled = true;   // the actor (API key id); EnableAll leaves it off
                // No LISTEN/NOTIFY on appends: a transaction that NOTIFYs holds PostgreSQL's global notify lock through its
                // commit (WAL flush included), so every command commits one after the other. Turning it off took one hot
                // SKU from 84 to 202 commands/s (bench/findings.md). A 50 ms poll while events flow keeps the lag low.
                opts.Events.UseListenNotifyForEventAppends = false;
                opts.Projections.FastPollingTime = TimeSpan.FromMilliseconds(50);
                opts.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(100);   // idle: the first new event waits at most this
                // An append that rolls back (a race lost to another node, a retry) leaves its sequence numbers unused, and the
                // daemon holds before such a gap until it is passed. Marten passes it once no transaction that could still fill
                // it is alive (UseTransactionEvidenceForGapSkipping, on by default): this is only how long it waits before it
                // looks. The default, 3 s, held every read model that long after each lost race (docs/operations.md).
                opts.Projections.StaleSequenceThreshold = TimeSpan.FromMilliseconds(500);

                opts.ConfigureNodeOperations(bounds);   // daemon error policy, command timeout

                foreach (var context in CommerceContext.All)
                {
                    context.ConfigureStore(opts);
                    opts.Events.AddEventTypes(context.Resources.SelectMany(r => r.EventTypes));
                }
            })
            .UseLightweightSessions()
            .BuildSessionsWith<TenantSessionFactory>()
            .IntegrateWithWolverine();
        if (applySchema) marten.ApplyAllDatabaseChangesOnStartup();

        services.AddProjectionDaemon(builder.Configuration, connectionString, Schema);

        builder.Host.UseWolverine(opts =>
        {
            opts.Discovery.IncludeAssembly(typeof(CommerceHost).Assembly);
            opts.Policies.AutoApplyTransactions();
            opts.ConfigureNodeFailover(builder.Configuration);   // a dead node's queued messages move to live nodes
            // Lost races with another node (WritePath/LostRaces.cs): re-run the handler on fresh state, with growing pauses.
            opts.OnException(LostRaces.IsLostRace, "lost a race with another transaction")
                .RetryWithCooldown(5.Milliseconds(), 10.Milliseconds(), 25.Milliseconds(), 50.Milliseconds(), 100.Milliseconds());
        });

        services.AddSingleton<CommandDispatcher>();
        services.AddSingleton<ReadYourWrites>();
        services.AddSingleton<ProjectionRebuilds>();
        services.Configure<ReadYourWritesOptions>(builder.Configuration.GetSection("Commerce:ReadYourWrites"));

        services.AddFastEndpoints(o =>
        {
            o.DisableAutoDiscovery = true;
            o.Assemblies = [typeof(CommerceHost).Assembly];
        });
        services.AddCommerceOpenApi();
        services.AddCommerceHealthChecks();
        foreach (var context in CommerceContext.All) context.ConfigureHost(builder);
        return builder;
    }

    /// <summary>
    /// Statements run on every command (the stream fetch, the append function, the snapshot upsert) are prepared once
    /// per pooled connection. That also keeps PostgreSQL's cached plans: without prepared statements Npgsql resets a
    /// returned connection with DISCARD ALL, which drops every plan, so the plpgsql append function was planned afresh
    /// on every command (bench/findings.md). Temporary tables are still dropped on reset. An explicit setting wins.
    /// </summary>
    private static string Prepared(string connectionString)
    {
        var prepared = new NpgsqlConnectionStringBuilder(connectionString);
        if (prepared.MaxAutoPrepare == 0) prepared.MaxAutoPrepare = 100;
        return prepared.ConnectionString;
    }

    public static WebApplication UseCommerce(this WebApplication app)
    {
        app.UseNodeIdentity();
        app.UseProblemResponses();
        app.UseRouting();
        app.UseRequestTimeouts();   // Commerce:Timeouts:Request -> 503 + Retry-After (TimeBounds.cs)
        app.UseAuthentication();
        app.UseRateLimits();
        app.UseCaseSensitiveMethods();   // `patch` is not PATCH (RFC 9110): 405 before anything reads or writes
        app.UseNulTextGuard();   // PostgreSQL stores no U+0000: 400 instead of a failed query (NulText.cs)
        app.UseRequestBodyGuard();
        app.UseAuthorization();
        app.UseIdempotency();
        app.UseFastEndpoints(c =>
        {
            c.Endpoints.RoutePrefix = "v1";
            c.Serializer.Options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            c.Serializer.Options.DictionaryKeyPolicy = null;
            c.Serializer.Options.AllowDuplicateProperties = false;   // {"adjust":1,"adjust":2} is ambiguous: 400
            c.Binding.UsePropertyNamingPolicy = true;   // query and route names are snake_case too
            c.Binding.JsonExceptionTransformer = ValidationProblems.FromJsonException;
            c.Errors.ResponseBuilder = ValidationProblems.Build;
            c.Errors.ContentType = Problems.ContentType;
        });
        app.MapCommerceOpenApi();
        app.MapScalarApiReference("/docs", o => o.WithOpenApiRoutePattern("/openapi/{documentName}.json").WithTitle("Commerce.Cqrs API"));
        app.MapCommerceHealthChecks();
        return app;
    }
}
