using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Commerce.Faults;

/// <summary>One API process: the published build, its own --urls and Commerce:NodeName, stdout+stderr in a log file.</summary>
public sealed class Node(string name, int port, Settings settings)
{
    private Process? _process;
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(3) };

    public string Name => name;
    public string Url => $"http://127.0.0.1:{port}";
    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;
    public bool Running => _process is { HasExited: false };

    /// <summary>Starts that ended before the node was ready (the host gives up when the database is slow at start).</summary>
    public int StartRetries { get; private set; }

    public void Start()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(settings.ApiDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(Url);
        foreach (var (k, v) in settings.NodeEnvironment(name)) info.Environment[k] = v;
        _process = Process.Start(info)!;
        var log = new StreamWriter(Path.Combine(settings.LogDir, $"{name}.log"), append: true) { AutoFlush = true };
        log.WriteLine($"==== start {DateTimeOffset.UtcNow:O} pid {_process.Id}");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>kill -9, then the wait until the process is gone: no shutdown code runs, sockets are closed by the kernel.</summary>
    public async Task Kill9Async()
    {
        _process!.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then the time until the process has exited.</summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan bound)
    {
        var watch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process!.Id.ToString()])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(bound);
        await _process.WaitForExitAsync(timeout.Token);
        return watch.Elapsed;
    }

    public async Task<JsonElement?> ReadyAsync()
    {
        try
        {
            using var response = await Probe.GetAsync($"{Url}/health/ready");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return response.IsSuccessStatusCode ? body : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException) { return null; }
    }

    public async Task<string?> RoleAsync() =>
        await ReadyAsync() is { } body && body.GetProperty("checks").TryGetProperty("projections", out var p)
            && p.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            ? data.GetProperty("role").GetString() : null;

    /// <summary>Seconds until /health/ready answers 200.</summary>
    public async Task<double> WaitReadyAsync(TimeSpan bound)
    {
        var watch = Stopwatch.StartNew();
        while (await ReadyAsync() is null)
        {
            if (watch.Elapsed > bound) throw new TimeoutException($"{name} not ready after {bound}; see {settings.LogDir}/{name}.log");
            if (_process is { HasExited: true })
            {
                // As a supervisor would: a node that could not reach the database in time at start is started again.
                if (++StartRetries > 3) throw new InvalidOperationException($"{name} exited with {_process.ExitCode}; see its log");
                Start();
            }
            await Task.Delay(200);
        }
        return watch.Elapsed.TotalSeconds;
    }
}
