using Commerce.Domain.Channels;
using Commerce.Domain.Common;

namespace Commerce.Domain.Tests.Channels;

public class SyncDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 17, 9, 0, 0, TimeSpan.Zero);
    private static readonly SyncQueued Queued = new("sync_1", "amazon_in", 12, Now);

    private static ChannelSync? Given(params object[] history) => history.Aggregate((ChannelSync?)null, ChannelSync.Evolve);

    [Fact]
    public void a_new_sync_is_queued_once()
    {
        Assert.Equal([Queued], SyncDecisions.Decide(null, new QueueSync("sync_1", "amazon_in", 12), Now).Events);
        Assert.Equal(ErrorKind.Conflict, SyncDecisions.Decide(Given(Queued), new QueueSync("sync_1", "amazon_in", 12), Now).Error?.Kind);
    }

    [Fact]
    public void the_first_start_runs_it_and_a_later_one_resumes_it_as_the_next_attempt()
    {
        Assert.Equal([new SyncStarted(1, Now)], SyncDecisions.Decide(Given(Queued), new StartSync("sync_1", 3), Now).Events);
        Assert.Equal([new SyncStarted(2, Now)], SyncDecisions.Decide(Given(Queued, new SyncStarted(1, Now)), new StartSync("sync_1", 3), Now).Events);
    }

    [Fact]
    public void a_sync_interrupted_as_often_as_allowed_fails_with_the_reason_instead_of_running_again()
    {
        var decision = SyncDecisions.Decide(Given(Queued, new SyncStarted(1, Now), new SyncStarted(2, Now), new SyncStarted(3, Now)),
            new StartSync("sync_1", 3), Now);
        var failed = Assert.IsType<SyncFailed>(Assert.Single(decision.Events));
        Assert.Contains("interrupted 3 times", failed.Reason);
        Assert.Equal(SyncStatus.Failed, decision.Events.Aggregate(Given(Queued), ChannelSync.Evolve)!.Status);
    }

    [Fact]
    public void a_finished_sync_is_not_started_completed_or_failed_again()
    {
        var completed = Given(Queued, new SyncStarted(1, Now), new SyncCompleted("sync_1", "amazon_in", 1, 0, 0, 1, Now));
        Assert.Equal("sync_finished", SyncDecisions.Decide(completed, new StartSync("sync_1", 3), Now).Error?.Code);
        Assert.Equal("sync_not_running", SyncDecisions.Decide(completed, new CompleteSync("sync_1", 1, 0, 0, 0, 0), Now).Error?.Code);
        Assert.Equal("sync_finished", SyncDecisions.Decide(completed, new FailSync("sync_1", "boom"), Now).Error?.Code);
    }

    [Fact]
    public void only_a_running_sync_completes_and_its_completion_names_its_channel()
    {
        Assert.Equal("sync_not_running", SyncDecisions.Decide(Given(Queued), new CompleteSync("sync_1", 1, 0, 0, 0, 0), Now).Error?.Code);
        Assert.Equal([new SyncCompleted("sync_1", "amazon_in", 5, 1, 2, 8, Now, 3)],
            SyncDecisions.Decide(Given(Queued, new SyncStarted(1, Now)), new CompleteSync("sync_1", 5, 1, 2, 8, 3), Now).Events);
    }

    [Fact]
    public void an_unknown_sync_is_not_found()
    {
        Assert.Equal(ErrorKind.NotFound, SyncDecisions.Decide(null, new StartSync("sync_x", 3), Now).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, SyncDecisions.Decide(null, new FailSync("sync_x", "boom"), Now).Error?.Kind);
    }
}
