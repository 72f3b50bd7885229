using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Commerce.Faults.Scenarios;

/// <summary>
/// Two deals racing to win each of a set of vehicles, one through each node, while one node is killed with -9: every
/// vehicle must end with at most one won deal, sold by that deal (the durable message survives the kill), and every
/// acknowledged win must be a won deal.
/// </summary>
public sealed class DealsAfterKillNine(Cluster cluster) : IScenario
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<ScenarioResult> RunAsync()
    {
        var key = await cluster.KeyAsync("deals");
        var pair = cluster.Pair;
        await Cluster.WarmAsync(key, pair);
        var store = Id(await SendAsync(pair[0], key, HttpMethod.Post, "/v1/stores", new { name = "Loja Faults" }));
        var client = Id(await SendAsync(pair[0], key, HttpMethod.Post, "/v1/clients", new { type = "PF", name = "Cliente Faults", cpf = "987.654.321-00" }));
        var races = new List<(string Vehicle, string A, string B)>();
        for (var i = 0; i < (cluster.Settings.Quick ? 20 : 45); i++)
        {
            var vehicle = Id(await SendAsync(pair[0], key, HttpMethod.Post, "/v1/vehicles",
                new { title = $"Carro {i}", store_id = store, brand = "Fiat", model = "Pulse", plate = $"FLT{i:D4}" }));
            var sides = new List<string>();
            foreach (var side in new[] { "a", "b" })
                sides.Add(Id(await SendAsync(pair[0], key, HttpMethod.Post, "/v1/deals", new { title = $"{i}{side}", value = 1000 + i, client_id = client, vehicle_id = vehicle })));
            races.Add((vehicle, sides[0], sides[1]));
        }

        // Deal a through node-1, deal b through node-2, vehicle after vehicle; node-1 dies halfway.
        var victim = pair[0];
        var survivor = pair[1];
        var answers = new List<Task<(string Deal, int Status)>>();
        Task? kill = null;
        for (var i = 0; i < races.Count; i++)
        {
            if (i == races.Count / 2)
            {
                Console.Error.WriteLine($"faults: kill -9 {victim.Name} (deals racing) at {DateTimeOffset.UtcNow:HH:mm:ss.fff} UTC");
                kill = victim.Kill9Async();
            }
            answers.Add(WinAsync(victim, key, races[i].A));
            answers.Add(WinAsync(survivor, key, races[i].B));
            await Task.Delay(25);
        }
        await kill!;
        var answered = await Task.WhenAll(answers);
        victim.Start();
        await victim.WaitReadyAsync(Cluster.Startup);
        await Cluster.WarmAsync(key, [victim]);

        // The deals' and vehicles' state, from the survivor's read models once caught up; the sales may trail the wins.
        IReadOnlyDictionary<string, JsonElement> deals = new Dictionary<string, JsonElement>(), vehicles = deals;
        var settled = await Wait.UntilAsync(async () =>
        {
            deals = await ListAsync(survivor, key, "/v1/deals?limit=100&consistent=true");
            vehicles = await ListAsync(survivor, key, "/v1/vehicles?limit=100&consistent=true");
            return races.All(r => WonOf(deals, r) is not { } won || Str(vehicles[r.Vehicle], "sold_by_deal_id") == won);
        }, TimeSpan.FromSeconds(90), poll: 500);

        var wonTwice = races.Count(r => Str(deals[r.A], "status") == "ganho" && Str(deals[r.B], "status") == "ganho");
        var acknowledgedNotWon = answered.Count(a => a.Status == 200 && Str(deals[a.Deal], "status") != "ganho");
        var soldWithoutWin = races.Count(r => Str(vehicles[r.Vehicle], "status") == "vendido" && WonOf(deals, r) is null);
        return new("kill -9 while two deals race to win each vehicle",
            $"{races.Count} vehicles with two deals each; deal a is won through node-1, deal b through node-2, at once; node-1 is killed with " +
            "SIGKILL halfway and restarted. Winning a deal sells its vehicle through a durable message.",
            new Dictionary<string, object?>
            {
                ["vehicles"] = races.Count,
                ["win answers"] = answered.GroupBy(a => a.Status.ToString()).ToDictionary(g => g.Key, g => g.Count()),
                ["vehicles won by a deal"] = races.Count(r => WonOf(deals, r) is not null),
                ["vehicles won twice"] = wonTwice,
                ["acknowledged wins not won (lost)"] = acknowledgedNotWon,
                ["vehicles sold without a won deal"] = soldWithoutWin
            },
            new Dictionary<string, bool>
            {
                ["no vehicle won by two deals"] = wonTwice == 0,
                ["every acknowledged win is a won deal (lost = 0)"] = acknowledgedNotWon == 0,
                ["every won deal's vehicle sold by it, none sold otherwise (within 90 s)"] = settled && soldWithoutWin == 0,
                ["answers 200, 409, 503 or none (the killed node) only"] = answered.All(a => a.Status is 200 or 409 or 503 or -1)
            });
    }

    private static string? WonOf(IReadOnlyDictionary<string, JsonElement> deals, (string Vehicle, string A, string B) race) =>
        new[] { race.A, race.B }.FirstOrDefault(d => Str(deals[d], "status") == "ganho");

    private static string? Str(JsonElement e, string property) => e.TryGetProperty(property, out var p) ? p.GetString() : null;

    private static string Id(JsonElement created) => created.GetProperty("data").GetProperty("id").GetString()!;

    private static async Task<(string, int)> WinAsync(Node node, string key, string deal)
    {
        try
        {
            using var response = await Http.SendAsync(Request(node, key, HttpMethod.Put, $"/v1/deals/{deal}", new { status = "ganho" }));
            if ((int)response.StatusCode is not (200 or 409 or 503))
                Console.Error.WriteLine($"faults: win of {deal} on {node.Name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return (deal, (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException) { return (deal, -1); }
    }

    private static async Task<IReadOnlyDictionary<string, JsonElement>> ListAsync(Node node, string key, string path) =>
        (await SendAsync(node, key, HttpMethod.Get, path, null)).GetProperty("data").EnumerateArray()
        .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.Clone());

    private static async Task<JsonElement> SendAsync(Node node, string key, HttpMethod method, string path, object? body)
    {
        using var response = await Http.SendAsync(Request(node, key, method, path, body));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path} on {node.Name} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static HttpRequestMessage Request(Node node, string key, HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, $"{node.Url}{path}");
        if (body is not null)
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }
}
