using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Projections.Rebuilds;
using FastEndpoints;

namespace Commerce.Api.Admin;

public sealed class RebuildProjectionRequest
{
    public string Name { get; set; } = "";
}

public sealed record RebuildJobResponse(
    string Id, string Projection, string State, long UpToSequence, long EventsTotal, long EventsProcessed, double Progress,
    int DocumentsWritten, int EventsSkipped, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error)
{
    internal static RebuildJobResponse From(RebuildJob job) => new(job.Id, job.Projection, job.State.ToString().ToLowerInvariant(),
        job.UpToSequence, job.EventsTotal, job.EventsProcessed,
        job.State == RebuildState.Completed ? 1 : job.EventsTotal == 0 ? 0 : Math.Round(job.EventsProcessed / (double)job.EventsTotal, 3),
        job.DocumentsWritten, job.EventsSkipped, job.StartedAt, job.FinishedAt, job.Error);
}

/// <summary><c>POST /v1/admin/projections/{name}/rebuild</c>: starts a rebuild job that keeps the read model serving.</summary>
public sealed class RebuildProjectionEndpoint(ProjectionRebuilds rebuilds) : Endpoint<RebuildProjectionRequest, RebuildJobResponse>
{
    public override void Configure()
    {
        Post("admin/projections/{name}/rebuild");
        Policies(ApiScopes.Required(ApiScopes.Admin));
        Description(d => d.ClearDefaultAccepts().WithTags("Admin").WithSummary("Rebuild a projection without downtime")
            .Produces<RebuildJobResponse>(202).ProducesWriteProblems());
    }

    public override async Task HandleAsync(RebuildProjectionRequest req, CancellationToken ct)
    {
        var result = rebuilds.TryStart(req.Name, out var job);
        IResult answer = result switch
        {
            ProjectionRebuilds.StartResult.Started => Results.Empty,
            ProjectionRebuilds.StartResult.UnknownProjection => Problems.For(HttpContext, 404, "not_found",
                $"No rebuildable projection '{req.Name}'. Rebuildable: {string.Join(", ", rebuilds.Names)}."),
            ProjectionRebuilds.StartResult.AlreadyRunning => Problems.For(HttpContext, 409, "conflict", $"A rebuild of {req.Name} is already running."),
            _ => Problems.For(HttpContext, 409, "not_on_this_node",
                $"{req.Name} runs on another node (the daemon leader); send the request to that node.")
        };
        if (job is null)
        {
            await Send.ResultAsync(answer);
            return;
        }
        HttpContext.Response.Headers.Location = GetRebuildJobEndpoint.UrlOf(job.Id);
        await Send.ResponseAsync(RebuildJobResponse.From(job), 202, ct);
    }
}

public sealed class GetRebuildJobRequest
{
    public const int MaxWaitMs = 10_000;

    public string Id { get; set; } = "";

    /// <summary>Long poll: answer when the job ends or after this many milliseconds (at most 10,000), whichever is first.</summary>
    public int? WaitMs { get; set; }
}

/// <summary>
/// <c>GET /v1/admin/rebuild-jobs/{id}</c>: progress of a rebuild job. Not under <c>projections/</c>, where
/// <c>projections/jobs/{id}</c> and <c>projections/{name}/rebuild</c> would both match <c>projections/jobs/rebuild</c>.
/// </summary>
public sealed class GetRebuildJobEndpoint(ProjectionRebuilds rebuilds) : Endpoint<GetRebuildJobRequest, RebuildJobResponse>
{
    /// <summary>Where a started job is followed (the rebuild's <c>Location</c>).</summary>
    public static string UrlOf(string jobId) => "/v1/admin/rebuild-jobs/" + jobId;

    public override void Configure()
    {
        Get("admin/rebuild-jobs/{id}");
        Policies(ApiScopes.Required(ApiScopes.Admin));
        Description(d => d.ClearDefaultAccepts().WithTags("Admin").WithSummary("Progress of a rebuild job")
            .Produces<RebuildJobResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(GetRebuildJobRequest req, CancellationToken ct)
    {
        if (rebuilds.Find(req.Id) is { } job)
        {
            if (req.WaitMs is > 0 and var wait)
                await job.Finished.WaitAsync(TimeSpan.FromMilliseconds(Math.Min(wait, GetRebuildJobRequest.MaxWaitMs)), ct)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Send.OkAsync(RebuildJobResponse.From(job), ct);
        }
        else await Send.ResultAsync(Problems.For(HttpContext, 404, "not_found", $"No rebuild job '{req.Id}' on this node."));
    }
}
