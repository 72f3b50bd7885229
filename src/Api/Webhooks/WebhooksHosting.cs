using Commerce.Domain.Webhooks;
using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.Marten;

namespace Commerce.Api.Webhooks;

/// <summary><c>Commerce:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    /// <summary>Waits before each retry after the first attempt; null means <see cref="DeliveryPolicy.StandardSchedule"/>.</summary>
    public TimeSpan[]? RetrySchedule { get; set; }

    /// <summary>The bound of one send: connect, request and response.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the previous secret keeps signing beside the new one after a rotation.</summary>
    public TimeSpan RotationGracePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A dead-lettered delivery disables its webhook when nothing succeeded for this long.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The most events one replay request sends; a longer history is replayed in several requests.</summary>
    public int MaxReplayEvents { get; set; } = 10_000;

    /// <summary>Development and tests only: allows http:// and loopback, private and link-local targets.</summary>
    public bool AllowInsecureTargets { get; set; }

    public DeliveryPolicy Policy => new(RetrySchedule is { Length: > 0 } schedule ? schedule : DeliveryPolicy.StandardSchedule, DisableAfter);
}

public static class WebhooksHosting
{
    public const string QueueName = "webhooks";
    public const string HttpClientName = "webhooks";

    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<WebhookOptions>(builder.Configuration.GetSection("Commerce:Webhooks"));
        services.AddHttpClient(HttpClientName, (sp, client) => client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(sp => TargetGuard.Handler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value));
        services.AddSingleton<WebhookSender>();
        services.SubscribeToEventsWithServices<WebhookDispatcher>(ServiceLifetime.Singleton);
        services.ConfigureWolverine(opts =>
        {
            // Durable: a send survives a crash. Partitioned by webhook id: one webhook's deliveries go one at a time,
            // in event order, while up to nine webhooks are served in parallel.
            opts.PublishMessage<SendWebhook>().ToLocalQueue(QueueName);
            opts.LocalQueue(QueueName).UseDurableInbox().PartitionProcessingByGroupId(PartitionSlots.Nine);
        });
        return builder;
    }
}
