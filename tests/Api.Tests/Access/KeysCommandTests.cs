using System.Diagnostics;
using Alba;
using Commerce.Api.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Api.Tests.Access;

public class KeysCommandTests(AppFixture fixture) : ApiContext(fixture)
{
    private static async Task<(int ExitCode, string[] Stdout, string Stderr)> Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Commerce.Api.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Generous: a process that builds the host takes seconds on a quiet machine, over a minute on a crowded one.
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        return (process.ExitCode, (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries), await stderr);
    }

    [Fact]
    public async Task keys_create_prints_only_a_working_key_on_stdout_and_one_line_on_stderr()
    {
        var (exitCode, stdout, stderr) = await Run("keys", "create", "--tenant", Tenant, "--scopes", "read_inventory,update_inventory");

        Assert.Equal(0, exitCode);
        var key = Assert.Single(stdout).Trim();
        Assert.StartsWith("cc_sk_", key);
        var note = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Created secret key key_", note);
        await Host.Scenario(x => { x.WithBearerToken(key); x.Get.Url("/v1/inventory"); x.StatusCodeShouldBeOk(); });
    }

    [Fact]
    public async Task keys_revoke_prints_only_its_result_and_a_running_node_refuses_the_key_within_a_second()
    {
        var key = await KeyAsync("read_inventory");
        ApiKeyFormat.TryParse(key, out var id, out _);
        await Eventually.UntilAsync(() => Task.FromResult(Host.Services.GetRequiredService<ApiKeyCache>().IsListening), listening => listening,
            "the node to listen for revocations");
        await Host.Scenario(x => { x.WithBearerToken(key); x.Get.Url("/v1/inventory"); x.StatusCodeShouldBeOk(); });   // cached now

        var (exitCode, stdout, stderr) = await Run("keys", "revoke", id);

        Assert.Equal(0, exitCode);
        Assert.Equal([$"Revoked {id}."], stdout);
        Assert.Empty(stderr);
        var watch = Stopwatch.StartNew();
        await Eventually.UntilAsync(async () => (await Host.Scenario(x =>
        {
            x.WithBearerToken(key);
            x.Get.Url("/v1/inventory");
            x.IgnoreStatusCode();
        })).Context.Response.StatusCode, status => status == 401, "the node to refuse the revoked key", seconds: 5);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"the node served the revoked key for {watch.Elapsed} after the command ended");
    }

    [Fact]
    public async Task keys_create_refuses_unknown_scopes_with_a_message()
    {
        var (exitCode, _, stderr) = await Run("keys", "create", "--tenant", Tenant, "--scopes", "read_everything");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Unknown scope", stderr);
        Assert.Contains($"reserved for contexts to come (accepted, checked by no route yet): {ApiScopes.Reserved[0]}", stderr);
    }

    [Fact]
    public async Task keys_scopes_marks_the_reserved_ones_and_create_still_accepts_them()
    {
        var (exitCode, stdout, _) = await Run("keys", "scopes");

        Assert.Equal(0, exitCode);
        Assert.Contains("read_inventory", stdout);
        Assert.Contains($"{ApiScopes.Reserved[0]}\treserved: no route checks it yet", stdout);

        var created = await Run("keys", "create", "--tenant", Tenant, "--scopes", "read_discount_coupons,read_inventory");
        Assert.Equal(0, created.ExitCode);
        Assert.Contains("Reserved for contexts to come, checked by no route yet: read_discount_coupons.", created.Stderr);
    }
}
