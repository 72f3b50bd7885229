using Commerce.Domain.Webhooks;
using Marten;
using Marten.Events;

namespace Commerce.Api.Tests.Webhooks;

public class RestartTests(AppFixture fixture) : WebhookTestContext(fixture)
{
    [Fact]
    public async Task a_delivery_in_flight_when_its_process_stops_is_sent_again_by_the_next_one()
    {
        await using var receiver = await Receiver.StartAsync();
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Answer = async n =>
        {
            if (n > 1) return 200;
            firstArrived.TrySetResult();
            await release.Task;   // the first request hangs while its process goes away,
            return 500;           // and never counts as delivered, whether or not that process saw the answer
        };
        var id = (await RegisterAsync(receiver.Url, ["inventory.low"])).GetProperty("id").GetString()!;
        await GivenStream("SKU-RESTART", new Domain.Inventory.InventoryTracked("SKU-RESTART", 10, Earlier),
            new Domain.Inventory.StockReachedReorderPoint("SKU-RESTART", 2, 10, Earlier));

        // A second process dispatches the event and starts sending, then stops mid-request.
        var doomed = await AppFixture.StartHostAsync();
        await doomed.ForceAllMartenDaemonActivityToCatchUpAsync(CancellationToken.None);
        await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await doomed.DisposeAsync();
        release.TrySetResult();

        // The next process finds the unfinished message in the durable inbox and sends the delivery again.
        await using var next = await AppFixture.StartHostAsync();
        var delivered = await DeliveriesUntilAsync(id, d => d.Count == 1 && d[0].Status == DeliveryStatus.Succeeded, "the delivery to succeed after the restart");
        var calls = await receiver.WaitForAsync(2);
        Assert.Single(calls.Select(c => c.Header("webhook-id")).Distinct());
        Assert.Equal(delivered[0].Id, calls[^1].Header("webhook-id"));
    }

    [Fact]
    public async Task after_a_rotation_both_secrets_sign_until_the_grace_period_ends()
    {
        await using var receiver = await Receiver.StartAsync();
        var webhook = await RegisterAsync(receiver.Url, ["inventory.low"]);
        var id = webhook.GetProperty("id").GetString()!;
        var old = webhook.GetProperty("secret").GetString()!;
        var rotated = (await (await CallAsync(HttpMethod.Post, $"/v1/webhooks/{id}/rotate-secret", new { secret = "a_brand_new_secret_value" })).BodyAsync())
            .GetProperty("secret").GetString()!;

        await GivenLowStock("SKU-ROTATE", 6);

        var call = (await receiver.WaitForAsync(1))[0];
        Assert.Equal($"sha256={Signatures.Hex(rotated, call.Body)}, sha256={Signatures.Hex(old, call.Body)}", call.Header("X-Signature"));
        var (deliveryId, timestamp) = (call.Header("webhook-id"), call.Header("webhook-timestamp"));
        Assert.Equal($"{Signatures.Standard(rotated, deliveryId, timestamp, call.Body)} {Signatures.Standard(old, deliveryId, timestamp, call.Body)}",
            call.Header("webhook-signature"));
    }
}
