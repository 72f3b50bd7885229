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
    public async Task a_webhook_that_allows_several_in_flight_gets_them_at_once_and_every_one_arrives()
    {
        await using var receiver = await Receiver.StartAsync();
        var (current, most) = (0, 0);
        receiver.Answer = async _ =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref most, now);
            await Task.Delay(100);
            Interlocked.Decrement(ref current);
            return 200;
        };
        var created = await RegisterAsync(receiver.Url, ["inventory.low"], maxInFlight: 4);
        Assert.Equal(4, created.GetProperty("max_in_flight").GetInt32());
        var id = created.GetProperty("id").GetString()!;

        await GivenLowStock("SKU-PARALLEL", Enumerable.Range(1, 12).ToArray());

        await receiver.WaitForAsync(12);
        Assert.InRange(most, 2, 4);
        await DeliveriesUntilAsync(id, d => d.Count == 12 && d.All(x => x.Status == DeliveryStatus.Succeeded), "every delivery to succeed");
    }

    [Fact]
    public async Task by_default_a_webhook_gets_one_delivery_at_a_time()
    {
        await using var receiver = await Receiver.StartAsync();
        var (current, most) = (0, 0);
        receiver.Answer = async _ =>
        {
            InterlockedMax(ref most, Interlocked.Increment(ref current));
            await Task.Delay(20);
            Interlocked.Decrement(ref current);
            return 200;
        };
        Assert.Equal(1, (await RegisterAsync(receiver.Url, ["inventory.low"])).GetProperty("max_in_flight").GetInt32());

        await GivenLowStock("SKU-SERIAL", 9, 8, 7, 6, 5);

        await receiver.WaitForAsync(5);
        Assert.Equal(1, most);
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

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
    }
}
