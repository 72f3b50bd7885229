using System.Text.Json;
using Alba;

namespace Commerce.Api.Tests.Catalog;

/// <summary>What the catalog tests share: a key with every catalog and inventory scope, and product writes.</summary>
public abstract class CatalogTestContext(AppFixture fixture) : ApiContext(fixture)
{
    protected const string CatalogScopes = "read_catalog,create_catalog,update_catalog,read_inventory,update_inventory";

    protected Task<string> CatalogKeyAsync() => KeyAsync(CatalogScopes);

    protected async Task<IScenarioResult> Send(string key, string method, string url, object? body, int status, string? ifMatch = null) =>
        await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            switch (method)
            {
                case "POST": x.Post.Json(body!).ToUrl(url); break;
                case "PATCH": x.Patch.Json(body!).ToUrl(url); break;
                case "DELETE": x.Delete.Url(url); break;
                default: x.Get.Url(url); break;
            }
            if (ifMatch is not null) x.WithRequestHeader("If-Match", ifMatch);
            x.StatusCodeShouldBe(status);
        });

    protected async Task<JsonElement> CreateProduct(string key, object body, int status = 201) =>
        await (await Send(key, "POST", "/v1/products", body, status)).BodyAsync();

    protected async Task<string> CreateCategoryId(string key, string name, string? parentId = null) =>
        (await (await Send(key, "POST", "/v1/categories", new { name, parent_id = parentId }, 201)).BodyAsync()).GetProperty("id").GetString()!;

    protected async Task<string> CreateProductId(string key, string sku, string name = "Premium Cotton T-Shirt – Blue / M", decimal price = 899,
        string status = "live", int? stock = null, string? brand = null, string? categoryId = null) =>
        (await CreateProduct(key, new { sku, name, price, status, stock, brand, category_id = categoryId }))
        .GetProperty("id").GetString()!;
}
