using System.Diagnostics;
using Alba;
using Commerce.Api.Access;
using Commerce.Api.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Api.Tests.Access;

/// <summary>A second API process on the same database, for the rules that must hold across nodes.</summary>
public sealed class SecondNode : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await AppFixture.StartHostAsync();
        // Ready: the database answers and the message handlers are compiled, as a load balancer would wait for.
        await Eventually.UntilAsync(async () => (await Host.Scenario(x => { x.Get.Url("/health/ready"); x.IgnoreStatusCode(); }))
            .Context.Response.StatusCode, status => status == 200, "the second node to be ready", seconds: 60);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public class TwoNodesTests(AppFixture fixture, SecondNode second) : ApiContext(fixture), IClassFixture<SecondNode>
{
    [Fact]
    public async Task a_key_revoked_through_one_node_is_refused_by_the_other_within_a_second()
    {
        var key = await KeyAsync("read_inventory");
        await ListeningAsync(second.Host);
        // The other node caches the key for ApiKeyCache.WhileListening (30 s): only the notification can evict it in time.
        Assert.Equal(200, await ReadAsync(second.Host, key));

        ApiKeyFormat.TryParse(key, out var id, out _);
        var watch = Stopwatch.StartNew();
        Assert.True(await Host.Services.GetRequiredService<KeyIssuer>().RevokeAsync(id));

        await Eventually.UntilAsync(() => ReadAsync(second.Host, key), status => status == 401, "the other node to refuse the revoked key", seconds: 5);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"the other node served the revoked key for {watch.Elapsed}");
    }

    [Fact]
    public async Task a_tight_plan_admits_its_limit_once_across_two_nodes()
    {
        var key = await KeyAsync("read_inventory", plan: "tight");   // 3 reads per hour

        var answers = new List<(int Status, string Remaining)>();
        for (var i = 0; i < 6; i++)
        {
            var result = await (i % 2 == 0 ? Host : second.Host).Scenario(x =>
            {
                x.WithBearerToken(key);
                x.Get.Url("/v1/inventory");
                x.IgnoreStatusCode();
            });
            answers.Add((result.Context.Response.StatusCode, result.Context.Response.Headers["X-RateLimit-Remaining"].ToString()));
        }

        Assert.Equal([(200, "2"), (200, "1"), (200, "0"), (429, "0"), (429, "0"), (429, "0")], answers);
    }

    [Fact]
    public async Task a_plan_sliced_over_two_nodes_admits_its_limit_exactly_and_runs_out_on_one_node_within_the_tolerance()
    {
        const int limit = 60;   // AppFixture's plan "sliced": 60 reads per hour
        var key = await KeyAsync("read_inventory", plan: "sliced");
        var nodes = new[] { Host, second.Host };

        var admitted = 0;
        int? firstRefusalAfter = null;
        var refusedInARow = 0;
        for (var i = 0; refusedInARow < 2 * nodes.Length; i++)
        {
            Assert.True(i < 4 * limit, "the budget never ran out");
            var status = await ReadAsync(nodes[i % nodes.Length], key);
            if (status == 200)
            {
                admitted++;
                refusedInARow = 0;
            }
            else
            {
                Assert.Equal(429, status);
                firstRefusalAfter ??= admitted;
                refusedInARow++;
            }
        }

        // Never more than the plan: every unit is handed out once, by one statement.
        Assert.Equal(limit, admitted);
        // A node may run out while the other still holds the rest of its last slice: at most one slice, which is at
        // most 1/8 of what the window had left when it was leased.
        var tolerance = Math.Max(1, limit / SharedWindowLimiter.MaxShareOfRemaining);
        Assert.InRange(firstRefusalAfter!.Value, limit - tolerance, limit);
    }

    private static async Task ListeningAsync(IAlbaHost node)
    {
        var keys = node.Services.GetRequiredService<ApiKeyCache>();
        await Eventually.UntilAsync(() => Task.FromResult(keys.IsListening), listening => listening, "the node to listen for revocations");
    }

    private static async Task<int> ReadAsync(IAlbaHost node, string key)
    {
        var result = await node.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Get.Url("/v1/inventory");
            x.IgnoreStatusCode();
        });
        return result.Context.Response.StatusCode;
    }
}
