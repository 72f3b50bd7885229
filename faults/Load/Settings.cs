namespace Commerce.Faults;

/// <summary>Command line of the driver (faults/run passes it) and the configuration every node gets.</summary>
public sealed class Settings
{
    public required string ApiDll { get; init; }
    public required string PgBin { get; init; }
    public required string PgData { get; init; }
    public required int PgPort { get; init; }
    public required string OutDir { get; init; }
    public bool Quick { get; init; }
    /// <summary><c>--only kill</c>: run only the scenarios whose class name (Scenarios/) contains this (for investigating one fault).</summary>
    public string? Only { get; init; }
    /// <summary><c>--api-port</c>: node-1's port; node-2 and node-3 take the next two, the webhook receiver this + 8.</summary>
    public int ApiPort { get; init; }
    public string LogDir => Path.Combine(OutDir, "raw");
    public IReadOnlyList<int> NodePorts => [ApiPort, ApiPort + 1, ApiPort + 2];
    public int ReceiverPort => ApiPort + 8;

    public static readonly TimeSpan RequestBound = TimeSpan.FromSeconds(3);

    public string ConnectionString => $"Host=127.0.0.1;Port={PgPort};Database=commerce;Username=postgres;Password=postgres";

    public static Settings Parse(string[] args)
    {
        string Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault()
            ?? throw new ArgumentException($"missing {name}");
        return new Settings
        {
            ApiDll = Arg("--api"), PgBin = Arg("--pg-bin"), PgData = Arg("--pg-data"), PgPort = int.Parse(Arg("--pg-port")),
            OutDir = Arg("--out"), Quick = args.Contains("--quick"),
            Only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault(),
            ApiPort = int.Parse(args.SkipWhile(a => a != "--api-port").Skip(1).FirstOrDefault() ?? "5171")
        };
    }

    public IEnumerable<(string, string)> NodeEnvironment(string node) =>
    [
        ("ConnectionStrings__Commerce", ConnectionString),
        ("Commerce__NodeName", node),
        ("Commerce__Timeouts__Request", RequestBound.ToString()),
        ("Commerce__Timeouts__Ready", "00:00:01"),
        ("Commerce__Timeouts__RetryAfter", "00:00:01"),
        ("Commerce__Database__CommandTimeout", "00:00:02"),
        ("Commerce__Database__PoolWait", "00:00:03"),
        ("Commerce__Shutdown__Timeout", "00:00:15"),
        ("Commerce__RateLimits__Plans__default__write__Limit", "100000000"),
        ("Commerce__RateLimits__Plans__default__read__Limit", "100000000"),
        ("Commerce__Webhooks__AllowInsecureTargets", "true"),   // the suite's receiver is plain http on loopback
        ("ASPNETCORE_ENVIRONMENT", "Production"),
        ("Logging__LogLevel__Default", "Information"),
        ("Logging__Console__FormatterName", "simple"),
        ("Logging__Console__FormatterOptions__TimestampFormat", "HH:mm:ss.fff "),
        ("Logging__Console__FormatterOptions__UseUtcTimestamp", "true"),
        ("Logging__LogLevel__Microsoft.AspNetCore", "Warning")
    ];
}
