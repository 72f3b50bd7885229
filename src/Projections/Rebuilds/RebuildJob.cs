namespace Commerce.Projections.Rebuilds;

/// <summary>One serving rebuild of a projection: where it paused, and its progress while it runs.</summary>
internal sealed record RebuildJob(string Id, string Projection, DateTimeOffset StartedAt)
{
    public RebuildState State { get; set; } = RebuildState.Running;
    public long UpToSequence { get; set; }
    public long EventsTotal { get; set; }
    public long EventsProcessed { get; set; }
    public int DocumentsWritten { get; set; }

    /// <summary>Events the projection threw on, skipped as the live daemon skips (and dead-letters) them.</summary>
    public int EventsSkipped { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Error { get; set; }

    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the job has completed or failed, so a progress request can wait for the end.</summary>
    public Task Finished => finished.Task;

    public void Finish(RebuildState state, string? error = null)
    {
        (State, Error, FinishedAt) = (state, error, DateTimeOffset.UtcNow);
        finished.TrySetResult();
    }
}
