using Commerce.Domain.Common;

namespace Commerce.Domain.Customers;

/// <summary>
/// <c>POST /v1/customers/{id}/merge</c> with the <c>duplicate_id</c>: the duplicate is kept, with its history, and points
/// at the survivor (<see cref="CustomerMergedInto"/> on its stream); the survivor records the merge
/// (<see cref="CustomerMerged"/>, webhook <c>customer.merged</c>). The duplicate's email and tax id then name the survivor.
/// The command is the duplicate's stream's; <see cref="Survivor"/> is decided in the same transaction.
/// </summary>
public sealed record MergeCustomers(string DuplicateId, string SurvivorId, long? ExpectedVersion = null) : IStreamCommand
{
    public string StreamId => DuplicateId;
}

public static partial class CustomerDecisions
{
    /// <summary>The duplicate's half: it must exist, be open and be another customer than a survivor that is open too.</summary>
    public static Decision Decide(Customer? duplicate, MergeCustomers command, Customer? survivor, DateTimeOffset now)
    {
        if (duplicate is null) return NotFound(command.DuplicateId);
        if (command.SurvivorId == command.DuplicateId)
            return Decision.Reject(ErrorKind.Invalid, "invalid_merge", "A customer cannot be merged into itself: duplicate_id names the customer merged into.");
        if (survivor is null) return NotFound(command.SurvivorId);
        if (Closed(duplicate)) return Archived(duplicate);
        if (Closed(survivor)) return Archived(survivor);
        return Decision.Accept(new CustomerMergedInto(duplicate.Id, survivor.Id, now));
    }

    /// <summary>The survivor's half, once the duplicate's is accepted.</summary>
    public static Decision Survive(Customer survivor, MergeCustomers command, DateTimeOffset now) =>
        Decision.Accept(new CustomerMerged(survivor.Id, command.DuplicateId, now));
}
