using System.Net.Sockets;
using Npgsql;

namespace Commerce.Api.Hosting;

/// <summary>Tells a database that is unreachable, restarting, saturated or too slow (retry later: 503) from a bug (500).</summary>
public static class DatabaseFaults
{
    /// <summary>True when the exception or one of its inner exceptions (Marten and Wolverine wrap them) says so.</summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        AggregateException all => all.InnerExceptions.Any(IsUnavailable),
        PostgresException pg => IsUnavailableState(pg.SqlState) || IsRolledBack(pg),
        NpgsqlException { IsTransient: true } or TimeoutException or SocketException => true,
        _ => e.InnerException is { } inner && IsUnavailable(inner)
    };

    /// <summary>
    /// True when PostgreSQL rolled the transaction back for a deadlock (40P01) or a serialization failure (40001): running
    /// the handler again is safe, and a client told 503 may retry.
    /// </summary>
    public static bool IsRolledBack(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("40", StringComparison.Ordinal),
        AggregateException all => all.InnerExceptions.Any(IsRolledBack),
        _ => e.InnerException is { } inner && IsRolledBack(inner)
    };

    /// <summary>
    /// SQLSTATE classes 08 (connection), 53 (insufficient resources: too many connections, out of memory or disk),
    /// 57 (operator intervention: statement timeout or cancel, admin/crash shutdown, cannot connect now) and
    /// 55P03 (lock not available).
    /// </summary>
    public static bool IsUnavailableState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("53", StringComparison.Ordinal)
        || sqlState.StartsWith("57", StringComparison.Ordinal) || sqlState == "55P03";
}
