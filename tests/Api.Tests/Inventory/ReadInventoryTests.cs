using Alba;
using Commerce.Domain.Inventory;

namespace Commerce.Api.Tests.Inventory;

public class ReadInventoryTests(AppFixture fixture) : ApiContext(fixture)
{
    private async Task GivenSkus()
    {
        var now = DateTimeOffset.UtcNow;
        await GivenStream("A-HEALTHY", new InventoryTracked("A-HEALTHY", 10, now), new StockAdjusted("A-HEALTHY", 100, 100, null, now),
            new ChannelAllocationSet("A-HEALTHY", "amazon_in", 60, now), new ChannelAllocationSet("A-HEALTHY", "flipkart", 20, now),
            new StockAdjusted("A-HEALTHY", -30, 70, null, now));
        await GivenStream("B-LOW", new InventoryTracked("B-LOW", 10, now), new StockAdjusted("B-LOW", 15, 15, null, now),
            new StockAdjusted("B-LOW", -1, 14, null, now));
        await GivenStream("C-OUT", new InventoryTracked("C-OUT", 10, now));
        await GivenStream("D-DEAD", new InventoryTracked("D-DEAD", 10, Earlier.AddYears(-1)), new StockAdjusted("D-DEAD", 500, 500, null, Earlier.AddYears(-1)),
            new ChannelAllocationSet("D-DEAD", "amazon_in", 5, Earlier.AddYears(-1)));
        await Fixture.CatchUpAsync();
    }

    private async Task<System.Text.Json.JsonElement> Get(string url, int status = 200)
    {
        var key = await KeyAsync("read_inventory");
        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Get.Url(url);
            x.StatusCodeShouldBe(status);
        });
        return await result.BodyAsync();
    }

    [Fact]
    public async Task get_answers_the_sku_with_status_velocity_and_etag()
    {
        await GivenSkus();
        var key = await KeyAsync("read_inventory");

        var result = await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Get.Url("/v1/inventory/A-HEALTHY");
            x.Header("ETag").SingleValueShouldEqual("\"5\"");
        });

        var body = await result.BodyAsync();
        Assert.Equal(70, body.GetProperty("total_stock").GetInt32());
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal(1.0, body.GetProperty("velocity").GetDouble());   // 30 units out in the last 30 days
        Assert.Equal(70, body.GetProperty("restock_days").GetInt32());
        Assert.Equal(60, body.GetProperty("allocations").GetProperty("amazon_in").GetInt32());
    }

    [Fact]
    public async Task list_filters_by_status_and_sums_the_whole_inventory()
    {
        await GivenSkus();

        Assert.Equal(["C-OUT"], SkusOf(await Get("/v1/inventory?status=critical")));
        Assert.Equal(["B-LOW"], SkusOf(await Get("/v1/inventory?status=low")));
        Assert.Equal(["A-HEALTHY"], SkusOf(await Get("/v1/inventory?status=healthy")));
        var dead = await Get("/v1/inventory?status=dead_stock");
        Assert.Equal(["D-DEAD"], SkusOf(dead));

        var summary = dead.GetProperty("summary");
        Assert.Equal(584, summary.GetProperty("total_units").GetInt64());
        Assert.Equal(1, summary.GetProperty("critical_skus").GetInt64());
        Assert.Equal(1, summary.GetProperty("out_of_stock").GetInt64());
    }

    [Fact]
    public async Task list_by_channel_shows_only_that_channel()
    {
        await GivenSkus();

        var body = await Get("/v1/inventory?channel=flipkart");

        Assert.Equal(["A-HEALTHY"], SkusOf(body));
        var allocations = body.GetProperty("data")[0].GetProperty("allocations");
        Assert.Equal(["flipkart"], allocations.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task list_paginates()
    {
        await GivenSkus();

        var body = await Get("/v1/inventory?page=2&limit=3");

        Assert.Equal(["D-DEAD"], SkusOf(body));
        var meta = body.GetProperty("meta");
        Assert.Equal(4, meta.GetProperty("total").GetInt64());
        Assert.Equal(2, meta.GetProperty("page").GetInt32());
        Assert.Equal(3, meta.GetProperty("limit").GetInt32());
        Assert.Equal(2, meta.GetProperty("total_pages").GetInt64());
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("limit=101")]
    [InlineData("limit=0")]
    [InlineData("page=abc")]
    [InlineData("status=sleepy")]
    [InlineData("channel=Not%20A%20Channel")]
    public async Task bad_list_parameters_are_400(string query)
    {
        var body = await Get($"/v1/inventory?{query}", 400);
        Assert.Equal("validation_failed", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task an_untracked_sku_is_404()
    {
        var body = await Get("/v1/inventory/NOPE", 404);
        Assert.Equal("not_found", body.GetProperty("code").GetString());
    }

    private static string[] SkusOf(System.Text.Json.JsonElement body) =>
        body.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("sku").GetString()!).ToArray();
}
