using Commerce.Api.Webhooks;
using Commerce.Domain.Webhooks;

namespace Commerce.Api.Tests.Webhooks;

public class DeliveryQueueTests(AppFixture fixture) : WebhookTestContext(fixture)
{
    [Fact]
    public async Task a_long_queue_arrives_in_order_and_every_status_is_written()
    {
        await using var receiver = await Receiver.StartAsync();
        var id = (await RegisterAsync(receiver.Url, ["inventory.low"])).GetProperty("id").GetString()!;
        var levels = Enumerable.Range(1, 150).ToArray();

        await GivenLowStock("SKU-QUEUE", levels);

        var calls = await receiver.WaitForAsync(levels.Length);
        Assert.Equal(levels, calls.Select(c => c.Json.GetProperty("data").GetProperty("total_stock").GetInt32()));
        var delivered = await DeliveriesUntilAsync(id, d => d.Count == levels.Length && d.All(x => x.Status == DeliveryStatus.Succeeded),
            "every status to be written");
        Assert.All(delivered, d => Assert.Equal(1, d.Attempts));
        Assert.Equal(levels.Length, receiver.Calls.Count);   // written after the sends, yet none was sent twice
    }

    [Fact]
    public async Task one_sender_at_a_time_holds_a_webhooks_queue()
    {
        await using (var first = await DeliveryQueue.TryTakeAsync(Store, Tenant, "wh_HELD", CancellationToken.None))
        {
            Assert.NotNull(first);
            Assert.Null(await DeliveryQueue.TryTakeAsync(Store, Tenant, "wh_HELD", CancellationToken.None));
            await using var other = await DeliveryQueue.TryTakeAsync(Store, Tenant, "wh_OTHER", CancellationToken.None);
            Assert.NotNull(other);
        }
        await using var again = await DeliveryQueue.TryTakeAsync(Store, Tenant, "wh_HELD", CancellationToken.None);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task a_queue_held_by_another_node_is_sent_once_it_is_let_go()
    {
        await using var receiver = await Receiver.StartAsync();
        var id = (await RegisterAsync(receiver.Url, ["inventory.low"])).GetProperty("id").GetString()!;
        var elsewhere = await DeliveryQueue.TryTakeAsync(Store, Tenant, id, CancellationToken.None);

        await GivenLowStock("SKU-HELD", 7, 6);
        await DeliveriesUntilAsync(id, d => d.Count == 2, "the deliveries to be queued");
        Assert.Empty(receiver.Calls);   // nothing can be sent while another sender holds the queue

        await elsewhere!.DisposeAsync();
        var calls = await receiver.WaitForAsync(2);
        Assert.Equal([7, 6], calls.Select(c => c.Json.GetProperty("data").GetProperty("total_stock").GetInt32()));
    }

    [Fact]
    public async Task deliveries_still_queued_when_their_webhook_is_deleted_are_skipped_unsent()
    {
        await using var receiver = await Receiver.StartAsync();
        var id = (await RegisterAsync(receiver.Url, ["inventory.low"])).GetProperty("id").GetString()!;
        var elsewhere = await DeliveryQueue.TryTakeAsync(Store, Tenant, id, CancellationToken.None);
        await GivenLowStock("SKU-GONE-QUEUED", 5, 4, 3);
        await DeliveriesUntilAsync(id, d => d.Count == 3, "the deliveries to be queued");

        await CallAsync(HttpMethod.Delete, $"/v1/webhooks/{id}");
        await elsewhere!.DisposeAsync();

        var skipped = await DeliveriesUntilAsync(id, d => d.All(x => x.Status == DeliveryStatus.Skipped), "the queue to be skipped");
        Assert.All(skipped, d => Assert.Equal("The webhook was deleted.", d.Error));
        Assert.Empty(receiver.Calls);
    }
}
