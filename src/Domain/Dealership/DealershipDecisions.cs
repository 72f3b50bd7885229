using Commerce.Domain.Common;

namespace Commerce.Domain.Dealership;

/// <summary>The rules of stores, vehicles and deals; each use case's file adds its <c>Decide</c> overload.</summary>
public static partial class DealershipDecisions
{
    private static Decision NotFound(string what, string id) => Decision.Reject(ErrorKind.NotFound, "not_found", $"{what} {id} does not exist.");

    /// <summary>A reference to a record that does not exist: the request is wrong, not the state (400 naming the field).</summary>
    private static DomainError? Unknown(string field, string? id, Func<string, bool> exists, string what) =>
        id is not null && !exists(id) ? new(ErrorKind.Invalid, $"unknown_{field.Replace("_id", "")}", $"{field} {id} names no {what} of this tenant.") : null;

    private static Decision Rejected(DomainError error) => new([], error);
}
