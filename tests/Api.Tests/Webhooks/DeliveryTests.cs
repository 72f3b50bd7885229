using System.Text;
using Commerce.Projections.Webhooks;

namespace Commerce.Api.Tests.Webhooks;

public class DeliveryTests(AppFixture fixture) : WebhookTestContext(fixture)
{
    [Fact]
    public async Task a_subscribed_event_arrives_signed_both_ways_with_the_seed_payload()
    {
        await using var receiver = await Receiver.StartAsync();
        var webhook = await RegisterAsync(receiver.Url, ["inventory.low"]);
        var secret = webhook.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);

        await GivenLowStock("BLUE-TEE-M", 8);

        var call = (await receiver.WaitForAsync(1))[0];
        var payload = call.Json;
        Assert.Equal("inventory.low", payload.GetProperty("event").GetString());
        Assert.StartsWith("dlv_", payload.GetProperty("id").GetString());
        Assert.Equal("BLUE-TEE-M", payload.GetProperty("data").GetProperty("sku").GetString());
        Assert.Equal(8, payload.GetProperty("data").GetProperty("total_stock").GetInt32());
        Assert.True(payload.TryGetProperty("created_at", out _));
        Assert.False(payload.TryGetProperty("replay", out _));

        Assert.Equal("sha256=" + Signatures.Hex(secret, call.Body), call.Header("X-Signature"));
        Assert.Equal(payload.GetProperty("id").GetString(), call.Header("webhook-id"));
        var timestamp = call.Header("webhook-timestamp");
        Assert.InRange(long.Parse(timestamp), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        Assert.Equal(Signatures.Standard(secret, call.Header("webhook-id"), timestamp, call.Body), call.Header("webhook-signature"));

        var delivered = await DeliveriesUntilAsync(webhook.GetProperty("id").GetString()!,
            d => d.Count == 1 && d[0].Status == DeliveryStatus.Succeeded, "the delivery to be recorded as succeeded");
        Assert.Equal(1, delivered[0].Attempts);
        Assert.Equal(200, delivered[0].ResponseCode);
    }

    [Fact]
    public async Task a_secret_of_your_own_signs_with_its_utf8_bytes()
    {
        await using var receiver = await Receiver.StartAsync();
        await RegisterAsync(receiver.Url, ["inventory.low"], secret: "my_webhook_secret");

        await GivenLowStock("SKU-OWN", 3);

        var call = (await receiver.WaitForAsync(1))[0];
        Assert.Equal("sha256=" + Signatures.Hex("my_webhook_secret", call.Body), call.Header("X-Signature"));
        Assert.Equal(Signatures.Standard("my_webhook_secret", call.Header("webhook-id"), call.Header("webhook-timestamp"), call.Body),
            call.Header("webhook-signature"));
        Assert.Equal("application/json; charset=utf-8", call.Header("Content-Type"));
        Assert.Contains("\"event\":\"inventory.low\"", Encoding.UTF8.GetString(call.Body));
    }
}
