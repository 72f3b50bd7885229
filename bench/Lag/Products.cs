using System.Diagnostics;
using System.Text;
using System.Text.Json;

/// <summary>
/// <c>products</c>: loads the catalog the product scenarios read, through <c>POST /v1/products</c> (the write path's group
/// commit puts concurrent creates in shared transactions), writes the ids it got to a file for wrk's gets, then waits
/// until <c>GET /v1/products</c> shows them all (the list reads an async projection).
/// </summary>
/// <remarks>
/// The catalog looks like the one <c>ListQueryPlanTests</c> plans: names "Red Tee 42" / "Blue Tee 43", nine in ten live
/// (the rest draft), brand Acme but one product in a thousand of brand Rare, and every tenth product with two variants
/// (options Size S / M) under SKUs of their own.
/// </remarks>
static class ProductsSeed
{
    public static async Task<int> Run(HttpClient http, Options options)
    {
        var count = (int)options.Long("count", 100_000);
        var prefix = options.Get("prefix") ?? "PROD-";
        var concurrency = (int)options.Long("concurrency", 256);
        var idsFile = options.Get("ids") ?? throw new ArgumentException("--ids FILE is required (wrk's gets read it)");
        var ids = new string[count];
        long errors = 0;
        string? firstError = null;

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            using var content = new StringContent(JsonSerializer.Serialize(Product(i, $"{prefix}{i:D6}")), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync("/v1/products", content, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref errors);
                firstError ??= $"{(int)response.StatusCode} {text}";
                return;
            }
            using var doc = JsonDocument.Parse(text);
            ids[i] = doc.RootElement.GetProperty("id").GetString()!;
        });
        var written = clock.Elapsed.TotalSeconds;
        await File.WriteAllLinesAsync(idsFile, ids.Where(id => id is not null));

        long visible = 0;
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(options.Long("wait-seconds", 600));
        while (clock.Elapsed < deadline)
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync("/v1/products?limit=1"));
            visible = doc.RootElement.GetProperty("meta").GetProperty("total").GetInt64();
            if (visible >= count) break;
            await Task.Delay(500);
        }
        Figures.Emit(new
        {
            command = "products", products = count, errors, first_error = firstError,
            write_seconds = Math.Round(written, 3), writes_per_s = Math.Round(count / written, 1),
            visible, visible_after_s = Math.Round(clock.Elapsed.TotalSeconds, 3)
        });
        return errors == 0 && visible >= count ? 0 : 1;
    }

    private static Dictionary<string, object?> Product(int i, string sku)
    {
        var product = new Dictionary<string, object?>
        {
            ["sku"] = sku, ["name"] = $"{(i % 3 == 0 ? "Red" : "Blue")} Tee {i}", ["price"] = 100 + i % 900,
            ["status"] = i % 10 == 0 ? "draft" : "live", ["brand"] = i % 1000 == 7 ? "Rare" : "Acme"
        };
        if (i % 10 == 1)
        {
            product["options"] = new[] { new { name = "Size", values = new[] { "S", "M" } } };
            product["variants"] = new[] { "S", "M" }
                .Select(size => new { sku = $"{sku}-{size}", options = new Dictionary<string, string> { ["Size"] = size } }).ToArray();
        }
        return product;
    }
}
