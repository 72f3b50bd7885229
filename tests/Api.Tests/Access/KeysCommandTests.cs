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
    }
}
