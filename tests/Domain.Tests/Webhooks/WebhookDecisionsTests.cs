using System.Text.Json;
using Commerce.Domain.Common;
using Commerce.Domain.Webhooks;

namespace Commerce.Domain.Tests.Webhooks;

public class WebhookDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 17, 9, 30, 0, TimeSpan.Zero);
    private const string Id = "wh_9NQ2R";
    private static readonly WebhookRegistered Registered = new(Id, "https://yourapp.com/hooks", ["order.new"], "••••cret", Now);

    private static Webhook? Given(params object[] history) => history.Aggregate((Webhook?)null, Webhook.Evolve);

    [Fact]
    public void registering_normalizes_the_event_names()
    {
        var decision = WebhookDecisions.Decide(null, new RegisterWebhook(Id, "https://a.example/h", ["order.shipped", "order.new", "order.new"], "whsec_secret"), Now);
        var registered = Assert.IsType<WebhookRegistered>(Assert.Single(decision.Events));
        Assert.Equal(["order.new", "order.shipped"], registered.Events);
    }

    [Fact]
    public void the_secret_never_reaches_an_event_or_a_printed_command()
    {
        var register = new RegisterWebhook(Id, "https://a.example/h", ["order.new"], "my-very-secret-signing-key");
        var registered = Assert.IsType<WebhookRegistered>(Assert.Single(WebhookDecisions.Decide(null, register, Now).Events));
        Assert.Equal("••••-key", registered.SecretHint);
        Assert.DoesNotContain("my-very-secret", register.ToString());
        Assert.DoesNotContain("my-very-secret", new RotateWebhookSecret(Id, "my-very-secret-signing-key", TimeSpan.Zero).ToString());
    }

    [Fact]
    public void a_webhook_is_registered_once_and_a_replay_defaults_to_its_own_names()
    {
        Assert.Equal("conflict", WebhookDecisions.Decide(Given(Registered), new RegisterWebhook(Id, "https://a.example/h", ["order.new"], "whsec_x"), Now).Error?.Code);
        var replay = WebhookDecisions.Decide(Given(Registered), new ReplayWebhook(Id, "rpl_1", 5, null, null, null, null), Now);
        var requested = Assert.IsType<WebhookReplayRequested>(Assert.Single(replay.Events));
        Assert.Equal(["order.new"], requested.Events);
    }

    [Fact]
    public void a_change_records_only_what_differs()
    {
        var webhook = Given(Registered);
        Assert.Empty(WebhookDecisions.Decide(webhook, new ChangeWebhook(Id, "https://yourapp.com/hooks", ["order.new"], true), Now).Events);
        Assert.Equal([new WebhookDisabled(Id, WebhookDecisions.ApiDisabledReason, Now)],
            WebhookDecisions.Decide(webhook, new ChangeWebhook(Id, null, null, false), Now).Events);
    }

    [Fact]
    public void the_sender_disables_once_and_never_a_deleted_webhook()
    {
        var disabled = Given(Registered, new WebhookDisabled(Id, "gone", Now));
        Assert.Empty(WebhookDecisions.Decide(disabled, new DisableFailingWebhook(Id, "again"), Now).Events);
        Assert.Null(Given(Registered, new WebhookDeleted(Id, Now)));
        Assert.Null(WebhookDecisions.Decide(null, new DisableFailingWebhook(Id, "x"), Now).Error);
    }

    [Fact]
    public void a_deleted_webhook_is_not_found_and_a_disabled_one_cannot_replay()
    {
        var deleted = WebhookDecisions.Decide(Given(Registered, new WebhookDeleted(Id, Now)), new DeleteWebhook(Id), Now);
        Assert.Equal(ErrorKind.NotFound, deleted.Error?.Kind);
        var replay = WebhookDecisions.Decide(Given(Registered, new WebhookDisabled(Id, "paused", Now)), new ReplayWebhook(Id, "rpl_1", 0, null, null, null, null), Now);
        Assert.Equal(WebhookDecisions.WebhookDisabledCode, replay.Error?.Code);
    }

    [Fact]
    public void rotation_keeps_the_previous_secret_for_the_grace_period()
    {
        var rotated = WebhookDecisions.Decide(Given(Registered), new RotateWebhookSecret(Id, "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXRhYmNk", TimeSpan.FromHours(24)), Now);
        Assert.Equal([new WebhookSecretRotated(Id, "whsec_••••YmNk", Now.AddHours(24), Now)], rotated.Events);
    }

    [Fact]
    public void deliveries_in_flight_default_to_one_and_change_like_any_other_field()
    {
        Assert.Equal(1, Given(Registered)!.MaxInFlight);
        var registered = WebhookDecisions.Decide(null, new RegisterWebhook(Id, "https://a.example/h", ["order.new"], "whsec_secret", 8), Now);
        Assert.Equal(8, Assert.IsType<WebhookRegistered>(Assert.Single(registered.Events)).MaxInFlight);

        var changed = WebhookDecisions.Decide(Given(Registered), new ChangeWebhook(Id, null, null, null, MaxInFlight: 4), Now);
        var change = Assert.IsType<WebhookChanged>(Assert.Single(changed.Events));
        Assert.Equal((4, "https://yourapp.com/hooks"), (change.MaxInFlight, change.Url));
        Assert.Equal(["order.new"], change.Events);
        Assert.Empty(WebhookDecisions.Decide(Given(Registered), new ChangeWebhook(Id, null, null, null, MaxInFlight: 1), Now).Events);
    }

    [Fact]
    public void events_stored_before_max_in_flight_existed_read_as_one()
    {
        var old = JsonSerializer.Deserialize<WebhookRegistered>(
            """{"WebhookId":"wh_1","Url":"https://a.example/h","Events":["order.new"],"SecretHint":"h","RegisteredAt":"2026-04-17T09:30:00Z"}""")!;
        Assert.Equal(1, old.MaxInFlight);
        Assert.Equal(1, JsonSerializer.Deserialize<WebhookChanged>(
            """{"WebhookId":"wh_1","Url":"https://a.example/h","Events":["order.new"],"ChangedAt":"2026-04-17T09:30:00Z"}""")!.MaxInFlight);
    }

    [Fact]
    public void only_an_enabled_webhook_receives_its_names()
    {
        Assert.True(Given(Registered)!.Receives("order.new"));
        Assert.False(Given(Registered)!.Receives("order.shipped"));
        Assert.False(Given(Registered, new WebhookDisabled(Id, "x", Now))!.Receives("order.new"));
    }
}
