using Npgsql;

namespace Commerce.Api.Hosting;

/// <summary>
/// Which process answered: <c>Commerce:NodeName</c> (env <c>Commerce__NodeName</c>), default machine name + process id.
/// Sent as <c>X-Commerce-Node</c> on every answer, shown by <c>/health/ready</c>, written in the start and stop log lines.
/// </summary>
public sealed record NodeIdentity(string Name, DateTimeOffset StartedAt)
{
    public const string Header = "X-Commerce-Node";

    public static NodeIdentity From(IConfiguration configuration, TimeProvider clock) => new(NameFrom(configuration), clock.GetUtcNow());

    /// <summary>
    /// The connection string with the node's name in <c>application_name</c>, so that the database tells this node's
    /// sessions from other nodes' (an operator, and the fault suite, find the projection leader's session by it).
    /// </summary>
    public static string Named(string connectionString, IConfiguration configuration) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = $"commerce {NameFrom(configuration)}" }.ConnectionString;

    private static string NameFrom(IConfiguration configuration) =>
        configuration["Commerce:NodeName"] is { Length: > 0 } name ? name : $"{Environment.MachineName}-{Environment.ProcessId}";
}

internal static class NodeIdentityHttp
{
    public static IApplicationBuilder UseNodeIdentity(this IApplicationBuilder app)
    {
        var node = app.ApplicationServices.GetRequiredService<NodeIdentity>();
        return app.Use((http, next) =>
        {
            // At the start of the answer, so error handlers that clear the response do not drop it.
            http.Response.OnStarting(() =>
            {
                http.Response.Headers[NodeIdentity.Header] = node.Name;
                return Task.CompletedTask;
            });
            return next(http);
        });
    }
}
