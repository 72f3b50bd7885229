using System.Diagnostics;
using Alba;

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
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return (process.ExitCode, (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries), await stderr);
    }

    [Fact]
    public async Task keys_create_prints_a_working_key_as_the_last_line_of_stdout()
    {
        var (exitCode, stdout, _) = await Run("keys", "create", "--tenant", Tenant, "--scopes", "read_inventory,update_inventory");

        Assert.Equal(0, exitCode);
        var key = stdout[^1].Trim();
        Assert.StartsWith("cc_sk_", key);
        await Host.Scenario(x => { x.WithBearerToken(key); x.Get.Url("/v1/inventory"); x.StatusCodeShouldBeOk(); });
    }

    [Fact]
    public async Task keys_create_refuses_unknown_scopes_with_a_message()
    {
        var (exitCode, _, stderr) = await Run("keys", "create", "--tenant", Tenant, "--scopes", "read_everything");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Unknown scope", stderr);
        Assert.Contains("reserved for contexts to come (accepted, checked by no route yet): read_catalog", stderr);
    }

    [Fact]
    public async Task keys_scopes_marks_the_reserved_ones_and_create_still_accepts_them()
    {
        var (exitCode, stdout, _) = await Run("keys", "scopes");

        Assert.Equal(0, exitCode);
        Assert.Contains("read_inventory", stdout);
        Assert.Contains("read_catalog\treserved: no route checks it yet", stdout);

        var created = await Run("keys", "create", "--tenant", Tenant, "--scopes", "read_orders,read_inventory");
        Assert.Equal(0, created.ExitCode);
        Assert.Contains("Reserved for contexts to come, checked by no route yet: read_orders.", created.Stderr);
    }
}
