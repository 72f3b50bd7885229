using Alba;
using Commerce.Api.Tests.Access;
using Commerce.Api.WritePath;
using Commerce.Domain.Inventory;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Api.Tests.Inventory;

/// <summary>
/// A node decides a command over the state it kept from its last write (StreamStates) without reading the stream; the
/// transaction checks the version, so what another node wrote meanwhile is never decided past.
/// </summary>
public class KeptStateTests(AppFixture fixture, SecondNode second) : ApiContext(fixture), IClassFixture<SecondNode>
{
    private async Task<System.Text.Json.JsonElement> Patch(string sku, object body, int status = 200, string? ifMatch = null)
    {
        var key = await KeyAsync("update_inventory");
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Patch.Json(body).ToUrl($"/v1/inventory/{sku}");
            if (ifMatch is not null) x.WithRequestHeader("If-Match", ifMatch);
            x.StatusCodeShouldBe(status);
        });
        return await result.BodyAsync();
    }

    /// <summary>The SKU at <paramref name="units"/>, version 3, the last write through this node (which keeps it).</summary>
    private async Task KeptAt(string sku, int units)
    {
        await GivenStream(sku, new InventoryTracked(sku, 10, Earlier), new StockAdjusted(sku, units - 1, units - 1, null, Earlier));
        await Patch(sku, new { adjust = 1 });
    }

    private static async Task AppendThrough(IDocumentStore store, string tenant, string sku, int delta, int onHandAfter)
    {
        await using var session = store.LightweightSession(tenant);
        session.Events.Append(sku, new StockAdjusted(sku, delta, onHandAfter, "elsewhere", Earlier));
        await session.SaveChangesAsync();
    }

    private Task OtherNodeAdjusts(string sku, int delta, int onHandAfter) =>
        AppendThrough(second.Host.Services.GetRequiredService<IDocumentStore>(), Tenant, sku, delta, onHandAfter);

    private async Task<long> VersionOf(string sku)
    {
        await using var session = Store.QuerySession(Tenant);
        return (await session.Events.FetchStreamStateAsync(sku))?.Version ?? 0;
    }

    [Fact]
    public async Task a_write_after_another_node_wrote_is_decided_over_the_stream_as_it_is()
    {
        await KeptAt("KEPT-1", 11);
        await OtherNodeAdjusts("KEPT-1", 5, 16);

        var body = await Patch("KEPT-1", new { adjust = 1 });

        Assert.Equal(17, body.GetProperty("total_stock").GetInt32());
        Assert.Equal(5, body.GetProperty("version").GetInt64());
        Assert.Equal(5, await VersionOf("KEPT-1"));
    }

    [Fact]
    public async Task a_refusal_is_never_decided_over_a_state_another_node_moved_on()
    {
        await KeptAt("KEPT-2", 6);   // taking 8 would be refused over the kept state
        await OtherNodeAdjusts("KEPT-2", 10, 16);

        var body = await Patch("KEPT-2", new { adjust = -8 });

        Assert.Equal(8, body.GetProperty("total_stock").GetInt32());
    }

    [Fact]
    public async Task if_match_is_compared_with_the_stream_as_it_is_not_as_the_node_kept_it()
    {
        await KeptAt("KEPT-3", 6);
        await OtherNodeAdjusts("KEPT-3", 1, 7);

        await Patch("KEPT-3", new { adjust = 1 }, ifMatch: "\"4\"");
        await Patch("KEPT-3", new { adjust = 1 }, status: 412, ifMatch: "\"4\"");

        Assert.Equal(5, await VersionOf("KEPT-3"));
    }

    [Fact]
    public async Task a_node_keeps_what_it_committed_and_forgets_what_another_path_of_it_wrote()
    {
        var kept = StreamStates.Of(Store);
        await KeptAt("KEPT-4", 6);
        Assert.True(kept.TryTake<StockItem>(Tenant, "KEPT-4", out var state, out var version));
        Assert.Equal((6, 3L), (state!.OnHand, version));

        await Patch("KEPT-4", new { adjust = 1 });
        await AppendThrough(Store, Tenant, "KEPT-4", 1, 8);   // e.g. an order reserving stock on this node

        Assert.False(kept.TryTake<StockItem>(Tenant, "KEPT-4", out _, out _));
    }
}
