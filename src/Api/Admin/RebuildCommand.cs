using System.Net.Http.Json;
using System.Text.Json;
using JasperFx.CommandLine;

namespace Commerce.Api.Admin;

public sealed class RebuildInput
{
    [Description("Projection to rebuild (see GET /v1/admin/projections)")]
    public string Projection { get; set; } = "";

    [Description("Base URL of the node that runs the projection"), FlagAlias("url")]
    public string UrlFlag { get; set; } = "http://127.0.0.1:5080";

    [Description("An admin API key (default: env COMMERCE_ADMIN_KEY)"), FlagAlias("key")]
    public string? KeyFlag { get; set; }
}

/// <summary>
/// Asks a running node to rebuild a projection (the node keeps serving reads meanwhile) and draws its progress.
/// It goes through the node because only the node holding the projection can pause and resume it.
/// </summary>
[Description("Rebuild a projection on a running node, with a progress bar", Name = "rebuild")]
public sealed class RebuildCommand : JasperFxAsyncCommand<RebuildInput>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public override async Task<bool> Execute(RebuildInput input)
    {
        var key = input.KeyFlag ?? Environment.GetEnvironmentVariable("COMMERCE_ADMIN_KEY");
        if (string.IsNullOrEmpty(key))
        {
            await Console.Error.WriteLineAsync("Give an admin key with --key or COMMERCE_ADMIN_KEY.");
            return false;
        }
        using var http = new HttpClient { BaseAddress = new Uri(input.UrlFlag) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);

        var start = await http.PostAsync($"/v1/admin/projections/{Uri.EscapeDataString(input.Projection)}/rebuild", null);
        if (!start.IsSuccessStatusCode)
        {
            await Console.Error.WriteLineAsync($"{(int)start.StatusCode}: {await start.Content.ReadAsStringAsync()}");
            return false;
        }
        var job = (await start.Content.ReadFromJsonAsync<RebuildJobResponse>(Json))!;
        while (job.State == "running")
        {
            Draw(job);
            // Long poll: the node answers when the job ends, or after 250 ms with fresh progress for the bar.
            job = (await http.GetFromJsonAsync<RebuildJobResponse>(GetRebuildJobEndpoint.UrlOf(job.Id) + "?wait_ms=250", Json))!;
        }
        Draw(job);
        await Console.Error.WriteLineAsync();
        Console.WriteLine(job.State == "completed"
            ? $"Rebuilt {job.Projection}: {job.EventsTotal} events, {job.DocumentsWritten} documents, up to sequence {job.UpToSequence}."
            : $"Rebuild of {job.Projection} failed: {job.Error}");
        return job.State == "completed";
    }

    private static void Draw(RebuildJobResponse job)
    {
        const int width = 40;
        var filled = (int)(job.Progress * width);
        Console.Error.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {job.Progress,6:P0} {job.EventsProcessed}/{job.EventsTotal} events");
    }
}
