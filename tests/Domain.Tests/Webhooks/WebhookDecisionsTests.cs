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
        var decision = WebhookDecisions.Decide(null, Id, new RegisterWebhook(Id, "https://a.example/h", ["order.shipped", "order.new", "order.new"], "h"), Now);
        var registered = Assert.IsType<WebhookRegistered>(Assert.Single(decision.Events));
        Assert.Equal(["order.new", "order.shipped"], registered.Events);
    }

    [Fact]
    public void a_change_records_only_what_differs()
    {
        var webhook = Given(Registered);
        Assert.Empty(WebhookDecisions.Decide(webhook, Id, new ChangeWebhook("https://yourapp.com/hooks", ["order.new"], true), Now).Events);
        Assert.Equal([new WebhookDisabled(Id, WebhookDecisions.ApiDisabledReason, Now)],
            WebhookDecisions.Decide(webhook, Id, new ChangeWebhook(null, null, false), Now).Events);
    }

    [Fact]
    public void the_sender_disables_once_and_never_a_deleted_webhook()
    {
        var disabled = Given(Registered, new WebhookDisabled(Id, "gone", Now));
        Assert.Empty(WebhookDecisions.Decide(disabled, Id, new DisableFailingWebhook("again"), Now).Events);
        Assert.Null(Given(Registered, new WebhookDeleted(Id, Now)));
        Assert.Null(WebhookDecisions.Decide(null, Id, new DisableFailingWebhook("x"), Now).Error);
    }

    [Fact]
    public void a_deleted_webhook_is_not_found_and_a_disabled_one_cannot_replay()
    {
        var deleted = WebhookDecisions.Decide(Given(Registered, new WebhookDeleted(Id, Now)), Id, new DeleteWebhook(), Now);
        Assert.Equal(ErrorKind.NotFound, deleted.Error?.Kind);
        var replay = WebhookDecisions.Decide(Given(Registered, new WebhookDisabled(Id, "paused", Now)), Id, new RequestReplay("rpl_1", 0, null, null, null, []), Now);
        Assert.Equal(WebhookDecisions.WebhookDisabledCode, replay.Error?.Code);
    }

    [Fact]
    public void rotation_keeps_the_previous_secret_for_the_grace_period()
    {
        var rotated = WebhookDecisions.Decide(Given(Registered), Id, new RotateWebhookSecret("whsec_••••abcd", TimeSpan.FromHours(24)), Now);
        Assert.Equal([new WebhookSecretRotated(Id, "whsec_••••abcd", Now.AddHours(24), Now)], rotated.Events);
    }

    [Fact]
    public void deliveries_in_flight_default_to_one_and_change_like_any_other_field()
    {
        Assert.Equal(1, Given(Registered)!.MaxInFlight);
        var registered = WebhookDecisions.Decide(null, Id, new RegisterWebhook(Id, "https://a.example/h", ["order.new"], "h", 8), Now);
        Assert.Equal(8, Assert.IsType<WebhookRegistered>(Assert.Single(registered.Events)).MaxInFlight);

        var changed = WebhookDecisions.Decide(Given(Registered), Id, new ChangeWebhook(null, null, null, 4), Now);
        var change = Assert.IsType<WebhookChanged>(Assert.Single(changed.Events));
        Assert.Equal((4, "https://yourapp.com/hooks"), (change.MaxInFlight, change.Url));
        Assert.Equal(["order.new"], change.Events);
        Assert.Empty(WebhookDecisions.Decide(Given(Registered), Id, new ChangeWebhook(null, null, null, 1), Now).Events);
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
