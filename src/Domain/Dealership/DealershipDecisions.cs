using Commerce.Domain.Common;

namespace Commerce.Domain.Dealership;

/// <summary>The rules of stores, vehicles and deals; each use case's file adds its <c>Decide</c> overload.</summary>
public static partial class DealershipDecisions
{
    private static Decision NotFound(string what, string id) => Decision.Reject(ErrorKind.NotFound, "not_found", $"{what} {id} does not exist.");

    /// <summary>A reference to a record that does not exist: the request is wrong, not the state (400 naming the field).</summary>
    private static DomainError? Unknown(string field, string? id, Func<string, bool> exists, string what) =>
        id is not null && !exists(id) ? new(ErrorKind.Invalid, $"unknown_{field.Replace("_id", "")}", $"{field} {id} names no {what} of this tenant.") : null;

    /// <summary>
    /// A client given to a deal or a vehicle: one of this tenant's, and still open. A duplicate merged away names its
    /// survivor, so the record points where the customer's history went on.
    /// </summary>
    private static DomainError? ClientProblem(string? clientId, DealershipReferences references) =>
        Unknown("client_id", clientId, references.Clients.ContainsKey, "client")
        ?? (clientId is null ? null : references.Clients[clientId] switch
        {
            { MergedInto: { } survivor } => new(ErrorKind.Invalid, "client_merged",
                $"client_id {clientId} was merged into client {survivor}; name that one."),
            { Archived: true } => new(ErrorKind.Invalid, "client_archived", $"client_id {clientId} names an archived client."),
            _ => null
        });

    /// <summary>The client a change sends, when it is not the one the record has already (checked when it was given).</summary>
    private static string? NewClient(string? sent, string? current) => sent == current ? null : sent;

    private static Decision Rejected(DomainError error) => new([], error);
}
