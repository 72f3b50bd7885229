using System.Net;
using System.Text;
using Alba;

namespace Commerce.Api.Tests.Catalog;

/// <summary>Two nodes create products with one SKU at once: the SKU claim's primary key lets one win, the others get a 409.</summary>
public class SkuClaimAcrossNodesTests(AppFixture fixture) : CatalogTestContext(fixture)
{
    [Fact]
    public async Task creates_of_one_sku_racing_on_two_nodes_leave_one_product_and_name_it()
    {
        var key = await CatalogKeyAsync();
        await using var second = await AppFixture.StartHostAsync();
        await Eventually.UntilAsync(async () => (await second.Scenario(x => { x.Get.Url("/health/ready"); x.IgnoreStatusCode(); }))
            .Context.Response.StatusCode, status => status == 200, "the second node to be ready", seconds: 60);
        var clients = new[] { Host.Server.CreateClient(), second.Server.CreateClient() };
        foreach (var client in clients) client.DefaultRequestHeaders.Authorization = new("Bearer", key);

        for (var round = 0; round < 5; round++)
        {
            var sku = $"NODES-{round}";
            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => clients[i % 2].PostAsync("/v1/products",
                new StringContent($"{{\"sku\":\"{sku}\",\"name\":\"Racer {i}\",\"price\":10}}", Encoding.UTF8, "application/json"))));

            var created = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
            var id = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            foreach (var refused in answers.Where(a => a != created))
            {
                Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
                Assert.Contains(id, await refused.Content.ReadAsStringAsync());
            }
        }
    }
}
