using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Commerce.Faults;

// The fault suite (faults/run builds and starts this): real API processes against the suite's own PostgreSQL.
var settings = Settings.Parse(args);
Directory.CreateDirectory(settings.LogDir);
var suite = new Suite(settings, new Database(settings));
var results = await suite.RunAsync();
var passed = results.All(r => r.Passed);

var json = JsonSerializer.Serialize(new
{
    generated_at = DateTimeOffset.UtcNow, mode = settings.Quick ? "quick" : "full", passed,
    machine = new { cores = Environment.ProcessorCount, note = "2 cores shared with other engineers' builds and tests: figures are noisy" },
    scenarios = results
}, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
await File.WriteAllTextAsync(Path.Combine(settings.OutDir, "latest.json"), json);

var md = new StringBuilder($"# Fault suite results ({(settings.Quick ? "quick" : "full")} run, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC)\n\n");
md.AppendLine($"Overall: **{(passed ? "PASS" : "FAIL")}**. Machine: {Environment.ProcessorCount} cores, shared with other work (noisy). " +
              $"Node bounds: request {Settings.RequestBound.TotalSeconds} s, command 2 s, pool wait 3 s. Regenerate: `faults/run{(settings.Quick ? " --quick" : "")}`.\n");
foreach (var r in results)
{
    md.AppendLine($"## {r.Name}: {(r.Passed ? "PASS" : "FAIL")}\n\n{r.What}\n\n| figure | value |\n|---|---|");
    foreach (var (k, v) in r.Figures) md.AppendLine($"| {k} | {Format(v)} |");
    foreach (var c in r.Checks) md.AppendLine($"| check: {c.Key} | {(c.Value ? "ok" : "FAILED")} |");
    md.AppendLine();
}
await File.WriteAllTextAsync(Path.Combine(settings.OutDir, "latest.md"), md.ToString());
Console.WriteLine(md);
return passed ? 0 : 1;

static string Format(object? v) => v switch
{
    double d => d.ToString("0.##"),
    IDictionary<string, int> counts => string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}")),
    null => "-",
    _ => v.ToString() ?? "-"
};

public sealed record ScenarioResult(string Name, string What, Dictionary<string, object?> Figures, Dictionary<string, bool> Checks)
{
    public bool Passed => Checks.Values.All(c => c);
}
