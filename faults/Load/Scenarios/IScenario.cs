namespace Commerce.Faults.Scenarios;

/// <summary>
/// One scenario of issue 10, on a tenant of its own. It finds node-1 and node-2 running and leaves them so, except that
/// <see cref="Throughput"/> starts node-3 and leaves it to <see cref="GracefulShutdown"/>, which stops it again. Its
/// waits are for conditions, with deadlines; <c>--only</c> matches the class name.
/// </summary>
public interface IScenario
{
    Task<ScenarioResult> RunAsync();
}
