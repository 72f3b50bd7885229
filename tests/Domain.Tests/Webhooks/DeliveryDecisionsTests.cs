using Commerce.Domain.Common;
using Commerce.Domain.Webhooks;

namespace Commerce.Domain.Tests.Webhooks;

public class DeliveryDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 17, 9, 30, 0, TimeSpan.Zero);
    private const string WebhookId = "wh_9NQ2R";
    private static readonly TimeSpan[] Schedule = [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30)];
    private static readonly DeliveryPolicy Policy = new(Schedule, TimeSpan.FromDays(3));

    private static readonly Webhook Enabled = Webhook.Evolve(null, new WebhookRegistered(WebhookId, "https://yourapp.com/hooks", ["inventory.low"], "h", Now))!;
    private static readonly Webhook Disabled = Webhook.Evolve(Enabled, new WebhookDisabled(WebhookId, "Disabled through the API.", Now))!;

    private static WebhookDelivery Delivery(string id = "dlv_1") =>
        new() { Id = id, WebhookId = WebhookId, Event = "inventory.low", EventSequence = 42, Payload = "{}", CreatedAt = Now.AddMinutes(-1) };

    private static WebhookHealth FailingSince(DateTimeOffset since, string? probe = null, DateTimeOffset? blockedUntil = null) =>
        new(WebhookId, since, probe, blockedUntil);

    private static DeliveryAttempt Answered(int status, TimeSpan? retryAfter = null) =>
        new(status, 12, status is >= 200 and < 300 ? null : $"HTTP {status}", retryAfter);

    [Fact]
    public void a_message_of_an_older_generation_or_for_an_ended_delivery_does_nothing()
    {
        var rescheduled = Delivery() with { Generation = 3 };
        Assert.IsType<BeforeSend.Ignore>(DeliveryDecisions.Decide(rescheduled, 2, Enabled, null, Now, Policy));
        var succeeded = Delivery() with { Status = DeliveryStatus.Succeeded };
        Assert.IsType<BeforeSend.Ignore>(DeliveryDecisions.Decide(succeeded, 1, Enabled, null, Now, Policy));
    }

    [Fact]
    public void a_deleted_webhooks_delivery_is_skipped()
    {
        var skip = Assert.IsType<BeforeSend.Skip>(DeliveryDecisions.Decide(Delivery(), 1, null, null, Now, Policy));
        Assert.Equal(DeliveryStatus.Skipped, skip.Delivery.Status);
        Assert.Equal("The webhook was deleted.", skip.Delivery.Error);
        Assert.Null(skip.Delivery.NextAttemptAt);
    }

    [Fact]
    public void a_disabled_webhooks_delivery_is_skipped_with_the_reason()
    {
        var skip = Assert.IsType<BeforeSend.Skip>(DeliveryDecisions.Decide(Delivery(), 1, Disabled, null, Now, Policy));
        Assert.Equal(DeliveryStatus.Skipped, skip.Delivery.Status);
        Assert.Equal("The webhook is disabled: Disabled through the API.", skip.Delivery.Error);
    }

    [Fact]
    public void a_healthy_webhook_gets_the_delivery_at_its_current_url()
    {
        var changed = Webhook.Evolve(Enabled, new WebhookChanged(WebhookId, "https://yourapp.com/v2", ["inventory.low"], Now))!;
        Assert.Equal(new BeforeSend.Send("https://yourapp.com/v2"), DeliveryDecisions.Decide(Delivery(), 1, changed, null, Now, Policy));
    }

    [Fact]
    public void while_another_delivery_probes_a_failing_receiver_the_others_wait_until_after_its_next_try()
    {
        var blockedUntil = Now.AddMinutes(5);
        var health = FailingSince(Now.AddHours(-1), probe: "dlv_probe", blockedUntil);

        var wait = Assert.IsType<BeforeSend.WaitBehindProbe>(DeliveryDecisions.Decide(Delivery(), 1, Enabled, health, Now, Policy));

        Assert.Equal(2, wait.Delivery.Generation);   // the message that will come then is the current one
        Assert.Equal(blockedUntil + Schedule[0], wait.Delivery.NextAttemptAt);
        Assert.Equal(DeliveryStatus.Pending, wait.Delivery.Status);
        Assert.Equal(0, wait.Delivery.Attempts);
    }

    [Fact]
    public void the_probe_itself_is_sent_and_so_is_everything_once_the_block_has_passed()
    {
        var health = FailingSince(Now.AddHours(-1), probe: "dlv_probe", Now.AddMinutes(5));
        Assert.IsType<BeforeSend.Send>(DeliveryDecisions.Decide(Delivery("dlv_probe"), 1, Enabled, health, Now, Policy));
        var passed = health with { BlockedUntil = Now };
        Assert.IsType<BeforeSend.Send>(DeliveryDecisions.Decide(Delivery(), 1, Enabled, passed, Now, Policy));
    }

    [Fact]
    public void an_attempt_is_recorded_whatever_it_came_to()
    {
        var after = DeliveryDecisions.Decide(Delivery() with { Attempts = 2 }, null, new DeliveryAttempt(null, 10_000, "No answer within 10 s.", null), Now, Policy, 0);
        Assert.Equal(3, after.Delivery.Attempts);
        Assert.Equal(Now, after.Delivery.LastAttemptAt);
        Assert.Null(after.Delivery.ResponseCode);
        Assert.Equal(10_000, after.Delivery.LatencyMs);
        Assert.Equal("No answer within 10 s.", after.Delivery.Error);
    }

    [Fact]
    public void success_ends_the_delivery_and_clears_a_failing_receivers_health()
    {
        var failing = Delivery() with { Status = DeliveryStatus.Failed, RetryStep = 1, NextAttemptAt = Now };
        var health = FailingSince(Now.AddHours(-1), probe: failing.Id, Now);

        var succeeded = Assert.IsType<AfterAttempt.Succeeded>(DeliveryDecisions.Decide(failing, health, Answered(204), Now, Policy, 0.5));

        Assert.Equal(DeliveryStatus.Succeeded, succeeded.Delivery.Status);
        Assert.Null(succeeded.Delivery.NextAttemptAt);
        Assert.Equal(204, succeeded.Delivery.ResponseCode);
        Assert.Null(succeeded.Delivery.Error);
        Assert.Equal(new WebhookHealth(WebhookId, null, null, null), succeeded.Health);
    }

    [Fact]
    public void success_on_a_healthy_receiver_changes_no_health()
    {
        var succeeded = Assert.IsType<AfterAttempt.Succeeded>(DeliveryDecisions.Decide(Delivery(), null, Answered(200), Now, Policy, 0.5));
        Assert.Null(succeeded.Health);
    }

    [Fact]
    public void a_410_dead_letters_at_once_and_disables_the_webhook()
    {
        var dead = Assert.IsType<AfterAttempt.DeadLettered>(DeliveryDecisions.Decide(Delivery(), null, Answered(410), Now, Policy, 0.5));
        Assert.Equal(DeliveryStatus.DeadLettered, dead.Delivery.Status);
        Assert.Null(dead.Delivery.NextAttemptAt);
        Assert.Equal(DeliveryDecisions.GoneReason, dead.DisableReason);
        Assert.Equal(FailingSince(Now), dead.Health);
    }

    [Fact]
    public void a_failure_is_retried_on_the_schedule_and_the_delivery_probes_the_receiver_until_then()
    {
        var retry = Assert.IsType<AfterAttempt.RetryAt>(DeliveryDecisions.Decide(Delivery(), null, Answered(500), Now, Policy, 0));

        Assert.Equal(DeliveryStatus.Failed, retry.Delivery.Status);
        Assert.Equal(Now + Schedule[0], retry.Delivery.NextAttemptAt);
        Assert.Equal(1, retry.Delivery.RetryStep);
        Assert.Equal(2, retry.Delivery.Generation);
        Assert.Equal(FailingSince(Now, probe: "dlv_1", Now + Schedule[0]), retry.Health);
    }

    [Fact]
    public void the_failing_period_starts_at_the_first_failure_and_is_kept_by_the_next()
    {
        var since = Now.AddHours(-2);
        var retry = DeliveryDecisions.Decide(Delivery() with { RetryStep = 1 }, FailingSince(since), Answered(500), Now, Policy, 0);
        Assert.Equal(since, retry.Health?.FailingSince);
        Assert.Equal(Now + Schedule[1], retry.Delivery.NextAttemptAt);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999999)]
    public void jitter_adds_at_most_a_fifth_of_the_step(double random)
    {
        var retry = DeliveryDecisions.Decide(Delivery() with { RetryStep = 2 }, null, Answered(502), Now, Policy, random);
        var wait = retry.Delivery.NextAttemptAt!.Value - Now;
        Assert.InRange(wait, Schedule[2], Schedule[2] * 1.2);
        Assert.Equal(Schedule[2] * (1 + 0.2 * random), wait);
    }

    [Fact]
    public void retry_after_on_429_or_503_is_honoured_when_longer_and_capped_at_a_day()
    {
        TimeSpan? Wait(int status, TimeSpan retryAfter, int step = 0) =>
            DeliveryDecisions.Decide(Delivery() with { RetryStep = step }, null, Answered(status, retryAfter), Now, Policy, 0).Delivery.NextAttemptAt - Now;

        Assert.Equal(TimeSpan.FromMinutes(1), Wait(429, TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromMinutes(2), Wait(503, TimeSpan.FromMinutes(2)));
        Assert.Equal(TimeSpan.FromHours(24), Wait(503, TimeSpan.FromDays(9)));
        Assert.Equal(Schedule[1], Wait(429, TimeSpan.FromSeconds(1), step: 1));   // shorter than the schedule: the schedule wins
        Assert.Equal(Schedule[0], Wait(500, TimeSpan.FromMinutes(1)));           // other statuses: the header means nothing here
    }

    [Fact]
    public void a_spent_schedule_dead_letters_and_keeps_the_webhook_while_it_has_not_failed_for_long()
    {
        var last = Delivery() with { Status = DeliveryStatus.Failed, RetryStep = Schedule.Length, Attempts = 4 };
        var health = FailingSince(Now.AddHours(-1), probe: last.Id, Now);

        var dead = Assert.IsType<AfterAttempt.DeadLettered>(DeliveryDecisions.Decide(last, health, Answered(500), Now, Policy, 0.5));

        Assert.Equal(DeliveryStatus.DeadLettered, dead.Delivery.Status);
        Assert.Equal(5, dead.Delivery.Attempts);
        Assert.Null(dead.Delivery.NextAttemptAt);
        Assert.Null(dead.DisableReason);
        Assert.Equal(FailingSince(Now.AddHours(-1)), dead.Health);   // no probe: the others are sent again
    }

    [Fact]
    public void a_webhook_failing_for_disable_after_is_disabled_with_its_last_error()
    {
        var last = Delivery() with { Status = DeliveryStatus.Failed, RetryStep = Schedule.Length };
        var since = Now - Policy.DisableAfter;

        var dead = Assert.IsType<AfterAttempt.DeadLettered>(DeliveryDecisions.Decide(last, FailingSince(since), Answered(503), Now, Policy, 0));

        Assert.Equal("Every delivery failed since 2026-04-14T09:30:00Z and retries ran out (last: HTTP 503).", dead.DisableReason);
        var notYet = DeliveryDecisions.Decide(last, FailingSince(since.AddSeconds(1)), Answered(503), Now, Policy, 0);
        Assert.Null(Assert.IsType<AfterAttempt.DeadLettered>(notYet).DisableReason);
    }

    [Fact]
    public void the_standard_schedule_spans_three_days_three_hours()
    {
        Assert.Equal(new TimeSpan(3, 3, 35, 5), DeliveryPolicy.StandardSchedule.Aggregate(TimeSpan.Zero, (sum, step) => sum + step));
    }

    private static ManualRetry Retry(WebhookDelivery? delivery, Webhook? webhook = null, WebhookHealth? health = null) =>
        DeliveryDecisions.Decide(new RetryDelivery(WebhookId, "dlv_1"), delivery, webhook ?? Enabled, health, Now, Policy);

    [Fact]
    public void a_manual_retry_of_a_pending_delivery_is_refused()
    {
        var refused = Assert.IsType<ManualRetry.Refused>(Retry(Delivery()));
        Assert.Equal(new DomainError(ErrorKind.Conflict, "delivery_pending", "Delivery dlv_1 is still waiting for its first attempt."), refused.Error);
    }

    [Fact]
    public void a_manual_retry_of_a_failing_delivery_sends_it_now_and_keeps_the_rest_of_its_schedule()
    {
        var failing = Delivery() with { Status = DeliveryStatus.Failed, RetryStep = 1, Generation = 2, NextAttemptAt = Now.AddMinutes(5) };

        var now = Assert.IsType<ManualRetry.SendNow>(Retry(failing));

        Assert.Equal(failing with { Status = DeliveryStatus.Pending, Generation = 3, NextAttemptAt = Now }, now.Delivery);
        Assert.Null(now.Health);
    }

    [Fact]
    public void a_manual_retry_of_a_dead_letter_gets_one_attempt()
    {
        var dead = Delivery() with { Status = DeliveryStatus.DeadLettered, RetryStep = Schedule.Length, Attempts = 4 };

        var again = Assert.IsType<ManualRetry.SendNow>(Retry(dead)).Delivery;

        Assert.Equal(DeliveryStatus.Pending, again.Status);
        Assert.Equal(Schedule.Length, again.RetryStep);
        Assert.IsType<AfterAttempt.DeadLettered>(DeliveryDecisions.Decide(again, null, Answered(500), Now, Policy, 0));
    }

    [Fact]
    public void a_manual_retry_of_a_skipped_or_succeeded_delivery_gets_one_attempt()
    {
        foreach (var status in new[] { DeliveryStatus.Skipped, DeliveryStatus.Succeeded })
            Assert.Equal(Schedule.Length, Assert.IsType<ManualRetry.SendNow>(Retry(Delivery() with { Status = status })).Delivery.RetryStep);
    }

    [Fact]
    public void a_manual_retry_goes_before_the_probe_of_a_failing_receiver()
    {
        var dead = Delivery() with { Status = DeliveryStatus.DeadLettered, RetryStep = Schedule.Length };
        var health = FailingSince(Now.AddHours(-1), probe: "dlv_probe", Now.AddMinutes(5));

        var now = Assert.IsType<ManualRetry.SendNow>(Retry(dead, health: health));

        Assert.Equal(health with { ProbeDeliveryId = "dlv_1" }, now.Health);
        Assert.IsType<BeforeSend.Send>(DeliveryDecisions.Decide(now.Delivery, now.Delivery.Generation, Enabled, now.Health, Now, Policy));
    }

    [Fact]
    public void a_manual_retry_on_a_disabled_webhook_is_refused_until_it_is_enabled()
    {
        var dead = Delivery() with { Status = DeliveryStatus.DeadLettered };
        var refused = Assert.IsType<ManualRetry.Refused>(Retry(dead, Disabled));
        Assert.Equal(WebhookDecisions.WebhookDisabledCode, refused.Error.Code);
        Assert.Equal(ErrorKind.Conflict, refused.Error.Kind);
    }

    [Fact]
    public void a_manual_retry_of_an_unknown_delivery_or_another_webhooks_is_not_found()
    {
        Assert.Equal(ErrorKind.NotFound, Assert.IsType<ManualRetry.Refused>(Retry(null)).Error.Kind);
        var theirs = Delivery() with { WebhookId = "wh_OTHER", Status = DeliveryStatus.Failed };
        Assert.Equal(ErrorKind.NotFound, Assert.IsType<ManualRetry.Refused>(Retry(theirs)).Error.Kind);
        var deleted = DeliveryDecisions.Decide(new RetryDelivery(WebhookId, "dlv_1"), Delivery() with { Status = DeliveryStatus.Failed }, null, null, Now, Policy);
        Assert.Equal(ErrorKind.NotFound, Assert.IsType<ManualRetry.Refused>(deleted).Error.Kind);
    }
}
