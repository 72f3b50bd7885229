using System.Diagnostics;
using Alba;

namespace Commerce.Api.Tests.Conventions;

/// <summary>
/// The OpenAPI document passes Redocly's recommended rules (redocly.yaml at the repository root) with no error, as a
/// client generator needs it: every operation's keys declared, every tag described, no two paths matching one URL.
/// The linter is a Node.js tool that ./dev test installs into .local/tools.
/// </summary>
public class OpenApiLintTests(AppFixture fixture) : ApiContext(fixture)
{
    private static readonly TimeSpan LintTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task the_openapi_document_passes_the_recommended_lint_rules()
    {
        var root = RepositoryRoot();
        var linter = Path.Combine(root, ".local", "tools", "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(linter),
            $"The OpenAPI linter is not installed at {linter}. './dev test' (or './dev tools') installs it with npm; it needs Node.js >= 20.19.");

        var document = Path.Combine(Path.GetTempPath(), $"commerce-openapi-{Guid.NewGuid():N}.json");
        var served = await Host.Scenario(x => x.Get.Url("/openapi/v1.json"));
        await File.WriteAllTextAsync(document, await served.ReadAsTextAsync());
        try
        {
            var (exitCode, output) = await RunAsync(linter, Path.GetTempPath(),
                "lint", Path.GetFileName(document), "--config", Path.Combine(root, "redocly.yaml"), "--format", "stylish");
            Assert.True(exitCode == 0, $"redocly lint exited with {exitCode}:\n{output}");
        }
        finally
        {
            File.Delete(document);
        }
    }

    /// <summary>The folder holding redocly.yaml: the repository, above the test binaries.</summary>
    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "redocly.yaml"))) return folder.FullName;
        throw new InvalidOperationException($"No redocly.yaml above {AppContext.BaseDirectory}.");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["REDOCLY_TELEMETRY"] = "off";   // redocly.yaml says so too; no usage data leaves a test
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(LintTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {LintTimeout.TotalSeconds} s.");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
